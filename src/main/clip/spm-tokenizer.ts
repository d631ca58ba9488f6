// SentencePiece tokenizers as Hugging Face publishes them (tokenizer.json: a Unigram model with a
// Precompiled normaliser and a Metaspace pre-tokenizer), loaded as they are with
// @huggingface/tokenizers: the transformers.js team's tokenizer code published standalone, pure
// JavaScript (no native build, no protobuf), the same code transformers.js runs for XLM-R.
// Written for XLM-RoBERTa (M-CLIP's text encoders): <s> text </s>, padded with <pad>, the fairseq
// id offset already in tokenizer.json's vocabulary. The special tokens come from the folder's
// tokenizer_config.json / special_tokens_map.json, so another SentencePiece model of this shape
// loads the same way.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Tokenizer } from '@huggingface/tokenizers'
import { AppError } from '../../shared/errors'

export interface SpmTokenizer {
  readonly contextLength: number
  readonly bosId: number
  readonly eosId: number
  readonly padId: number
  readonly unkId: number
  readonly vocabSize: number
  /** ids with <s> and </s>, truncated to contextLength with </s> kept last */
  encode(text: string): number[]
  /** the pieces of the text, without <s> and </s> */
  tokens(text: string): string[]
}

type Json = Record<string, unknown>

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v
  // tokenizer_config.json may write an AddedToken: {"content": "<s>", ...}
  const c = (v as Json | null)?.content
  return typeof v === 'object' && typeof c === 'string' ? c : undefined
}

function parse(text: string, file: string): Json {
  try {
    const v = JSON.parse(text) as unknown
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json
    throw new Error('not an object')
  } catch (err) {
    throw new AppError('model_invalid', `${file} is not valid JSON (${(err as Error).message}).`, {
      file,
      remedy: 'choose_model'
    })
  }
}

/**
 * A SentencePiece tokenizer from tokenizer.json's text and the folder's token config
 * (tokenizer_config.json merged over special_tokens_map.json). Throws model_invalid for a
 * tokenizer.json that is not a Unigram model or lacks the special tokens.
 */
export function spmTokenizerFromJson(
  tokenizerJson: string,
  tokenConfig: Json = {},
  contextLength = 77,
  file = 'tokenizer.json'
): SpmTokenizer {
  const json = parse(tokenizerJson, file)
  const model = (json.model ?? {}) as Json
  const bad = (why: string): AppError =>
    new AppError('model_invalid', `${file} ${why}. Download the model again.`, {
      file,
      remedy: 'choose_model'
    })
  if (model.type !== 'Unigram' || !Array.isArray(model.vocab))
    throw bad(`is not a SentencePiece Unigram tokenizer (model type ${String(model.type)})`)
  const tok = new Tokenizer(json, tokenConfig)
  const idOf = (key: string, fallback: string): number => {
    const name = str(tokenConfig[key]) ?? fallback
    const id = tok.token_to_id(name)
    if (id === undefined) throw bad(`has no ${key} "${name}"`)
    return id
  }
  const bosId = idOf('bos_token', '<s>')
  const eosId = idOf('eos_token', '</s>')
  const padId = idOf('pad_token', '<pad>')
  const unkId = idOf('unk_token', '<unk>')
  const vocabSize = tok.get_vocab(true).size
  if (contextLength < 2) throw bad(`cannot fit a prompt in ${contextLength} tokens`)
  return {
    contextLength,
    bosId,
    eosId,
    padId,
    unkId,
    vocabSize,
    encode(text) {
      const ids = tok.encode(text).ids
      // tokenizers' truncation of a single sequence: the text is cut, <s> and </s> stay
      return ids.length <= contextLength ? ids : [...ids.slice(0, contextLength - 1), eosId]
    },
    tokens(text) {
      return tok.tokenize(text)
    }
  }
}

async function readJsonIfThere(file: string): Promise<Json> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return {}
  }
  return parse(text, file)
}

/** tokenizer.json + tokenizer_config.json + special_tokens_map.json of a folder (Immich's textual/). */
export async function loadSpmTokenizer(dir: string, contextLength = 77): Promise<SpmTokenizer> {
  const file = join(dir, 'tokenizer.json')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new AppError('model_invalid', `The model folder has no ${file}. Download the model again.`, {
      file,
      remedy: 'choose_model'
    })
  }
  const specials = await readJsonIfThere(join(dir, 'special_tokens_map.json'))
  const config = await readJsonIfThere(join(dir, 'tokenizer_config.json'))
  return spmTokenizerFromJson(text, { ...specials, ...config }, contextLength, file)
}
