// CLIP's byte-level BPE tokenizer with openai CLIP's SimpleTokenizer rules, so prompts get exactly
// the ids the model was trained on: NFC, html-unescape twice, whitespace collapse, strip, lowercase,
// CLIP's split regex, byte-to-unicode mapping, BPE with a '</w>' end-of-word suffix, wrapped in
// <|startoftext|> ... <|endoftext|> and truncated to the context length with the end token kept last.
// (ftfy is not applied: the fixture's reference ids are made without it.)
//
// html-entities.ts is generated from CPython so html.unescape matches exactly:
//   python3 -c "import html, html.entities as h, json; print(json.dumps(h.html5))"  (+ the two
//   private tables html._invalid_charrefs / html._invalid_codepoints)
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import { HTML5_ENTITIES, INVALID_CHARREFS, INVALID_CODEPOINTS } from './html-entities'

const START_TOKEN = '<|startoftext|>'
const END_TOKEN = '<|endoftext|>'
const WORD_SUFFIX = '</w>'

export interface ClipTokenizer {
  readonly contextLength: number
  readonly bosId: number
  readonly eosId: number
  /** CLIP pads with the end token; padding after it does not change text_embeds */
  readonly padId: number
  readonly vocabSize: number
  /** ids wrapped in bos/eos and truncated to contextLength (last id forced to eos) */
  encode(text: string): number[]
  /** BPE tokens of the cleaned text, without bos/eos (for debugging and tests) */
  tokens(text: string): string[]
}

export type TokenizerSource =
  { kind: 'tokenizer.json'; file: string } | { kind: 'vocab+merges'; vocab: string; merges: string }

// Python's str.isspace() set (what re's \s and str.strip() use), which differs from JS's \s:
// it includes \x1c-\x1f and \x85, and excludes \ufeff.
const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const PY_SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'g')
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g')
// CLIP's split pattern. After whitespace collapsing the only space left is ' ', so [^\s...] is
// written with ' ' to avoid JS's \s matching \ufeff where Python's does not.
const SPLIT = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^ \p{L}\p{N}]+/gu
// Python's html.unescape pattern.
const CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g

/** Python's html.unescape, entity for entity. */
export function htmlUnescape(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(CHARREF, (_m, ref: string) => {
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X'
      const digits = ref.slice(hex ? 2 : 1).replace(/;$/, '')
      const num = hex ? parseInt(digits, 16) : parseInt(digits, 10)
      const mapped = INVALID_CHARREFS[String(num)]
      if (mapped !== undefined) return mapped
      if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd'
      if (INVALID_CODEPOINTS.has(num)) return ''
      return String.fromCodePoint(num)
    }
    const whole = HTML5_ENTITIES[ref]
    if (whole !== undefined) return whole
    // the longest entity name that prefixes the reference (HTML's legacy rule)
    for (let x = ref.length - 1; x > 1; x--) {
      const v = HTML5_ENTITIES[ref.slice(0, x)]
      if (v !== undefined) return v + ref.slice(x)
    }
    return '&' + ref
  })
}

/** The text cleaning openai CLIP applies before splitting. */
export function cleanText(text: string): string {
  let t = text.normalize('NFC')
  t = htmlUnescape(htmlUnescape(t))
  t = t.replace(PY_STRIP, '')
  t = t.replace(PY_SPACE_RUN, ' ').replace(PY_STRIP, '')
  return t.toLowerCase()
}

/** GPT-2's reversible byte -> printable unicode character mapping. */
function bytesToUnicode(): string[] {
  const bs: number[] = []
  for (let b = 33; b <= 126; b++) bs.push(b)
  for (let b = 161; b <= 172; b++) bs.push(b)
  for (let b = 174; b <= 255; b++) bs.push(b)
  const table = new Array<string>(256)
  for (const b of bs) table[b] = String.fromCodePoint(b)
  let n = 0
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCodePoint(256 + n++)
  }
  return table
}
const BYTE_CHARS = bytesToUnicode()
const utf8 = new TextEncoder()

class BpeTokenizer implements ClipTokenizer {
  readonly vocabSize: number
  readonly bosId: number
  readonly eosId: number
  readonly padId: number
  private readonly cache = new Map<string, string[]>()

  constructor(
    private readonly vocab: Map<string, number>,
    // rank of each merge keyed by "first second" (tokens never contain spaces)
    private readonly ranks: Map<string, number>,
    readonly contextLength: number,
    source: string
  ) {
    const bos = vocab.get(START_TOKEN)
    const eos = vocab.get(END_TOKEN)
    if (bos === undefined || eos === undefined) {
      throw new AppError(
        'model_invalid',
        `${source} has no ${START_TOKEN}/${END_TOKEN} tokens: it is not a CLIP tokenizer. Re-download the model.`
      )
    }
    this.bosId = bos
    this.eosId = eos
    this.padId = eos
    this.vocabSize = vocab.size
    this.cache.set(START_TOKEN, [START_TOKEN])
    this.cache.set(END_TOKEN, [END_TOKEN])
  }

  private bpe(token: string): string[] {
    const hit = this.cache.get(token)
    if (hit) return hit
    const chars = Array.from(token)
    let word = chars.slice(0, -1)
    word.push(chars[chars.length - 1] + WORD_SUFFIX)
    while (word.length > 1) {
      // the adjacent pair with the lowest merge rank
      let best = -1
      let bestRank = Infinity
      for (let i = 0; i < word.length - 1; i++) {
        const r = this.ranks.get(word[i] + ' ' + word[i + 1])
        if (r !== undefined && r < bestRank) {
          bestRank = r
          best = i
        }
      }
      if (best < 0) break
      const first = word[best]
      const second = word[best + 1]
      // merge every occurrence of the pair, left to right, as openai's loop does
      const merged: string[] = []
      for (let i = 0; i < word.length;) {
        if (i < word.length - 1 && word[i] === first && word[i + 1] === second) {
          merged.push(first + second)
          i += 2
        } else {
          merged.push(word[i])
          i += 1
        }
      }
      word = merged
    }
    this.cache.set(token, word)
    return word
  }

  tokens(text: string): string[] {
    const out: string[] = []
    for (const m of cleanText(text).matchAll(SPLIT)) {
      const piece = m[0]
      let mapped = ''
      if (piece === START_TOKEN || piece === END_TOKEN) mapped = piece
      else for (const b of utf8.encode(piece)) mapped += BYTE_CHARS[b]
      for (const t of this.bpe(mapped)) out.push(t)
    }
    return out
  }

  encode(text: string): number[] {
    const ids = [this.bosId]
    for (const t of this.tokens(text)) {
      const id = this.vocab.get(t)
      // cannot happen with a consistent vocab/merges pair; fail loudly rather than drop text
      if (id === undefined) throw new AppError('model_invalid', `Token "${t}" is missing from the vocabulary`)
      ids.push(id)
    }
    ids.push(this.eosId)
    if (ids.length > this.contextLength) {
      ids.length = this.contextLength
      ids[this.contextLength - 1] = this.eosId
    }
    return ids
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new AppError(
      'model_invalid',
      `${basename(file)} in the model folder is not valid JSON (${(err as Error).message}). Re-download the model or replace the file.`,
      { file }
    )
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    throw new AppError(
      'model_invalid',
      `Cannot read ${basename(file)} in the model folder (${(err as Error).message}). Re-download the model.`,
      { file }
    )
  }
}

function rankMap(pairs: Iterable<string>): Map<string, number> {
  const ranks = new Map<string, number>()
  let i = 0
  for (const p of pairs) ranks.set(p, i++)
  return ranks
}

function vocabMap(obj: unknown, file: string): Map<string, number> {
  if (typeof obj !== 'object' || obj === null) {
    throw new AppError('model_invalid', `${basename(file)} has no vocabulary. Re-download the model.`, {
      file
    })
  }
  return new Map(Object.entries(obj as Record<string, number>))
}

/** Hugging Face fast-tokenizer layout: { model: { type: 'BPE', vocab, merges } }. */
export function tokenizerFromJson(text: string, file = 'tokenizer.json', contextLength = 77): ClipTokenizer {
  const json = parseJson(text, file) as { model?: { vocab?: unknown; merges?: unknown } }
  const model = json.model
  if (!model || !Array.isArray(model.merges)) {
    throw new AppError(
      'model_invalid',
      `${basename(file)} has no BPE model.merges list. Re-download the model.`,
      {
        file
      }
    )
  }
  // merges are "a b" strings in older files and ["a", "b"] pairs in newer ones
  const merges = (model.merges as unknown[]).map((m) => (Array.isArray(m) ? `${m[0]} ${m[1]}` : String(m)))
  return new BpeTokenizer(vocabMap(model.vocab, file), rankMap(merges), contextLength, basename(file))
}

/** The original layout: vocab.json (token -> id) and merges.txt (a "#version" header, then one pair a line). */
export function tokenizerFromVocabMerges(
  vocabText: string,
  mergesText: string,
  files = { vocab: 'vocab.json', merges: 'merges.txt' },
  contextLength = 77
): ClipTokenizer {
  const vocab = vocabMap(parseJson(vocabText, files.vocab), files.vocab)
  const lines = mergesText
    .split('\n')
    .filter((l, i) => l.length > 0 && !(i === 0 && l.startsWith('#version')))
  // openai's SimpleTokenizer uses only the first 49152-256-2 merges; CLIP's merges.txt holds exactly those
  // and the vocab is built from them, so a longer file must be cut the same way.
  const limit = vocab.size - 512 - 2
  return new BpeTokenizer(vocab, rankMap(lines.slice(0, limit)), contextLength, basename(files.merges))
}

export async function loadTokenizer(source: TokenizerSource, contextLength = 77): Promise<ClipTokenizer> {
  if (source.kind === 'tokenizer.json') {
    return tokenizerFromJson(await readText(source.file), source.file, contextLength)
  }
  const [v, m] = await Promise.all([readText(source.vocab), readText(source.merges)])
  return tokenizerFromVocabMerges(v, m, { vocab: source.vocab, merges: source.merges }, contextLength)
}
