// SigLIP 2's text preprocessing over the Gemma SentencePiece tokenizer as published in a Hugging
// Face tokenizer.json (BPE with byte fallback, a Replace " " -> "▁" normaliser, no pre-tokenizer).
// The BPE itself is @huggingface/tokenizers (the tokenizers of transformers.js, kept by Hugging
// Face and tested against the Rust library), not ours. Around it, what SigLIP 2's authors do in
// big_vision (the SigLIP 2 demo colab's text pipeline `lower|tok(length=64, model="gemma", bos="no",
// eos="sticky")`, pp/ops_text.py and pp/proj/paligemma/ops.py):
//   - lower-case ASCII letters only: big_vision's `lower` op is tf.strings.lower with its default
//     encoding '', which TensorFlow documents as ASCII, so "Ö" or "Σ" reached the model as they were
//     typed (transformers' Siglip2Tokenizer lower-cases all of Unicode, which differs from training
//     for non-ASCII capitals only);
//   - no <bos>, <eos> appended and kept last when the text is cut to the context length
//     (eos="sticky");
//   - padded with <pad> to the fixed length (64): the text encoder has no attention mask, so it
//     was trained, and must run, on padded sequences (the engine pads; see textPadding).
// No other canonicalisation: punctuation is kept (Gemma's vocabulary has it); stripping it was
// SigLIP 1's English tokenizer (transformers' SiglipTokenizer.canonicalize_text), not SigLIP 2's.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { Tokenizer } from '@huggingface/tokenizers'
import { AppError } from '../../shared/errors'
import type { ClipTokenizer } from './tokenizer'

const SIGLIP_CONTEXT_LENGTH = 64

/** The canonical form SigLIP 2 saw in training: ASCII letters lower-cased, everything else as is. */
export function siglipCanonical(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase())
}

type Json = Record<string, unknown>

function invalid(message: string, file: string): AppError {
  return new AppError('model_invalid', `${message} Download the model again.`, {
    file,
    remedy: 'choose_model'
  })
}

function parse(text: string, file: string): Json {
  try {
    const v = JSON.parse(text) as unknown
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json
  } catch {
    // reported below
  }
  throw invalid(`${basename(file)} is not valid JSON.`, file)
}

/** a special token's name as tokenizer_config.json gives it: a string or {content} */
function tokenName(v: unknown, fallback: string): string {
  if (typeof v === 'string') return v
  const c = (v as { content?: unknown } | null)?.content
  return typeof c === 'string' ? c : fallback
}

export interface GemmaTokenizer extends ClipTokenizer {
  /** ids padded with <pad> to contextLength, as the text encoder takes them */
  encodePadded(text: string): number[]
}

/**
 * A SigLIP 2 tokenizer from tokenizer.json text (and tokenizer_config.json text when the folder has
 * one). Throws model_invalid when the file is not a byte-fallback BPE with <pad> and <eos>.
 */
export function gemmaTokenizerFromJson(
  tokenizerJson: string,
  configJson: string | null = null,
  contextLength = SIGLIP_CONTEXT_LENGTH,
  file = 'tokenizer.json'
): GemmaTokenizer {
  const tj = parse(tokenizerJson, file)
  const config = configJson ? parse(configJson, 'tokenizer_config.json') : {}
  const model = (tj.model ?? {}) as Json
  const vocab = model.vocab as Record<string, number> | undefined
  if (model.type !== 'BPE' || !vocab || typeof vocab !== 'object') {
    throw invalid(`${basename(file)} is not a SentencePiece BPE tokenizer (Gemma's).`, file)
  }
  const added = new Map<string, number>()
  for (const t of (tj.added_tokens ?? []) as { id?: unknown; content?: unknown }[])
    if (typeof t.content === 'string' && typeof t.id === 'number') added.set(t.content, t.id)
  const idOf = (name: string): number => {
    const id = added.get(name) ?? vocab[name]
    if (id === undefined) throw invalid(`${basename(file)} has no ${name} token.`, file)
    return id
  }
  const eosId = idOf(tokenName(config.eos_token, '<eos>'))
  const padId = idOf(tokenName(config.pad_token, '<pad>'))
  const bosId = idOf(tokenName(config.bos_token, '<bos>'))
  let tok: Tokenizer
  try {
    tok = new Tokenizer(tj, config)
  } catch (err) {
    throw invalid(`${basename(file)} could not be read (${(err as Error).message}).`, file)
  }
  const vocabSize = Math.max(Object.keys(vocab).length, ...added.values()) + 1
  const ids = (text: string): number[] => tok.encode(siglipCanonical(text), { add_special_tokens: false }).ids
  const encode = (text: string): number[] => [...ids(text).slice(0, contextLength - 1), eosId]
  return {
    contextLength,
    bosId,
    eosId,
    padId,
    vocabSize,
    encode,
    encodePadded(text: string): number[] {
      const out = encode(text)
      while (out.length < contextLength) out.push(padId)
      return out
    },
    tokens(text: string): string[] {
      return tok.encode(siglipCanonical(text), { add_special_tokens: false }).tokens
    }
  }
}

/** Reads tokenizer.json (and tokenizer_config.json beside it, if any). */
export async function loadGemmaTokenizer(
  tokenizerFile: string,
  configFile: string | null,
  contextLength = SIGLIP_CONTEXT_LENGTH
): Promise<GemmaTokenizer> {
  let text: string
  try {
    text = await readFile(tokenizerFile, 'utf8')
  } catch {
    throw invalid('The model folder has no tokenizer.json.', tokenizerFile)
  }
  const config = configFile ? await readFile(configFile, 'utf8').catch(() => null) : null
  return gemmaTokenizerFromJson(text, config, contextLength, tokenizerFile)
}
