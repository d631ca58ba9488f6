// A text encoder of its own: the textual/ half of an Immich-layout folder (M-CLIP's XLM-RoBERTa
// encoders), SentencePiece tokenizer + one onnxruntime session. Used by the Immich-layout engine
// and, alone, as a project's text encoder: M-CLIP's text side was trained into openai CLIP's image
// space, so a ViT-B/32 or ViT-L/14 project scores its cached image embeddings against these
// prompts without re-embedding an image.
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ExecutionProvider } from '../../shared/contract'
import { loadImmichTextual } from './immich-folder'
import { intTensor, textGraphIo, type TextGraphIo } from './immich-graph'
import { checkEmbedOutput } from './output-check'
import { createSession, planProviders, type SessionResult } from './session'
import { loadSpmTokenizer, type SpmTokenizer } from './spm-tokenizer'

export interface TextEncoder {
  /** stable id of (graph, tokenizer, context length): a cache key for its embeddings */
  readonly id: string
  /** the model folder (the one holding textual/) */
  readonly dir: string
  readonly embedDim: number
  readonly contextLength: number
  readonly tokenizer: SpmTokenizer
  /** 'fixed' when the graph only takes contextLength tokens */
  readonly textPadding: 'dynamic' | 'fixed'
  readonly provider: string
  readonly providerNote: string | null
  /** embeddings of tokenised prompts, padded with <pad> under a 0 mask */
  embedTokenIds(ids: number[][], opts?: { padTo?: number; batch?: number }): Promise<Float32Array[]>
  embedTexts(prompts: string[]): Promise<Float32Array[]>
  dispose(): Promise<void>
}

const DEFAULT_BATCH = 32

class SpmTextEncoder implements TextEncoder {
  readonly textPadding: 'dynamic' | 'fixed'
  readonly provider: string
  readonly providerNote: string | null
  embedDim = 0
  private disposed = false

  constructor(
    readonly id: string,
    readonly dir: string,
    readonly contextLength: number,
    readonly tokenizer: SpmTokenizer,
    private readonly file: string,
    private readonly s: SessionResult,
    private readonly io: TextGraphIo
  ) {
    this.textPadding = io.fixedLength !== null ? 'fixed' : 'dynamic'
    this.provider = s.provider
    this.providerNote = s.note
  }

  async embedTokenIds(
    ids: number[][],
    opts: { padTo?: number; batch?: number } = {}
  ): Promise<Float32Array[]> {
    if (this.disposed) throw new AppError('no_model', 'The text encoder was unloaded')
    const batch = this.io.fixedBatch ?? Math.max(1, opts.batch ?? DEFAULT_BATCH)
    const out: Float32Array[] = []
    for (let start = 0; start < ids.length; start += batch) {
      const chunk = ids.slice(start, start + batch)
      const len = this.io.fixedLength ?? opts.padTo ?? Math.max(...chunk.map((t) => t.length))
      const rows = this.io.fixedBatch ?? chunk.length
      const flat = new Array<number>(rows * len).fill(this.tokenizer.padId)
      const mask = new Array<number>(rows * len).fill(0)
      chunk.forEach((t, r) => {
        for (let j = 0; j < Math.min(t.length, len); j++) {
          flat[r * len + j] = t[j]
          mask[r * len + j] = 1
        }
      })
      const feeds = { [this.io.ids]: intTensor(this.io.dtype, flat, [rows, len]) }
      if (this.io.mask) feeds[this.io.mask] = intTensor(this.io.dtype, mask, [rows, len])
      const res = await this.s.session.run(feeds, [this.io.output])
      const D = this.embedDim || (res[this.io.output]?.dims.at(-1) ?? 0)
      const data = checkEmbedOutput(res[this.io.output], {
        file: this.file,
        name: this.io.output,
        rows,
        dim: D
      })
      for (let r = 0; r < chunk.length; r++) out.push(data.slice(r * D, (r + 1) * D))
    }
    return out
  }

  async embedTexts(prompts: string[]): Promise<Float32Array[]> {
    const unique = [...new Set(prompts)]
    // sorted by token count so each batch pads little
    const items = unique
      .map((p) => ({ p, ids: this.tokenizer.encode(p) }))
      .sort((a, b) => a.ids.length - b.ids.length)
    const vecs = await this.embedTokenIds(items.map((i) => i.ids))
    const byPrompt = new Map(items.map((it, i) => [it.p, vecs[i]]))
    return prompts.map((p) => Float32Array.from(byPrompt.get(p) as Float32Array))
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await this.s.session.release()
  }
}

/**
 * Loads the textual/ side of an Immich-layout folder. `dir` is the model folder. One probe prompt
 * fixes the embedding size and checks the graph answers as its config says.
 */
export async function loadTextEncoder(
  dir: string,
  opts: { ep?: ExecutionProvider; threads?: number } = {}
): Promise<TextEncoder> {
  const t = await loadImmichTextual(dir)
  const tokenizer = await loadSpmTokenizer(t.dir, t.contextLength)
  const s = await createSession(t.model, planProviders(opts.ep ?? 'auto'), { threads: opts.threads })
  try {
    const io = textGraphIo(s.session, t.model)
    const enc = new SpmTextEncoder(t.id, dirname(t.dir), t.contextLength, tokenizer, t.model, s, io)
    const [probe] = await enc.embedTokenIds([tokenizer.encode('a photo of a zebra.')])
    if (t.embedDim !== null && probe.length !== t.embedDim) {
      throw new AppError(
        'model_invalid',
        `${t.model} gives ${probe.length} values per prompt but config.json says embed_dim ${t.embedDim}: the files do not belong together. Download the model again.`,
        { file: t.model, remedy: 'choose_model' }
      )
    }
    enc.embedDim = probe.length
    return enc
  } catch (err) {
    await s.session.release()
    throw err
  }
}
