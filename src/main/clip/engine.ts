// The CLIP engine: model folder + tokenizer + two onnxruntime sessions behind the ClipEngine
// interface (types.ts). Images are preprocessed straight into the batch buffer and the next batch is
// decoded while the current one runs; a file that cannot be read gets an error and the rest go on.
// Text batches are padded to their longest prompt (CLIP's causal mask and end-token pooling make
// padding after <|endoftext|> irrelevant), or always to the context length for a text encoder that
// sees its padding (MobileCLIP: found on load, graph-facts.ts; SigLIP: always), and embeddings are
// cached per (model, prompt). CLIP-layout graphs output text_embeds / image_embeds; SigLIP's
// (onnx-community) output pooler_output, which is its embedding (docs/siglip.md).
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import type { Variant } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { loadModelFolder, resolveModelDir, type ModelFolder, type PreprocessConfig } from './model-folder'
import { loadGemmaTokenizer } from './gemma-tokenizer'
import { checkImageSize, declaredOutputDim, seesPadding } from './graph-facts'
import type { ZeroShotScoring } from './model-family'
import { embedImageBatches, type EmbedImagesOptions } from './image-batches'
import { isImmichLayout } from './immich-folder'
import { loadImmichEngine } from './immich-engine'
import { checkEmbedOutput } from './output-check'
import { preprocessImage } from './preprocess'
import { createSession, planProviders, type SessionResult } from './session'
import { loadTokenizer, type ClipTokenizer } from './tokenizer'
import type { ClipEngine, EngineOptions, ImageEmbedResult } from './types'

/** ClipEngine plus what the CLI and the model screen also want to know. */
export interface LoadedClipEngine extends ClipEngine {
  readonly demo: boolean
  readonly availableVariants: Variant[]
  readonly contextLength: number
  /** the requested provider after ZEBRA_EP ('auto', 'cuda', ...) */
  readonly requestedProvider: string
  readonly tokenizer: ClipTokenizer
  readonly folder: ModelFolder
  /** 'fixed': every prompt is padded to contextLength because the text encoder sees its padding */
  readonly textPadding: 'dynamic' | 'fixed'
  /** how zero-shot scores become probabilities for this model (softmax, or SigLIP's own sigmoid) */
  readonly scoring: ZeroShotScoring
  embedImages(files: string[], opts?: EmbedImagesOptions): Promise<ImageEmbedResult[]>
  /** raw text embeddings of already tokenised prompts, padded per batch; no cache */
  embedTokenIds(ids: number[][], opts?: { padTo?: number; batch?: number }): Promise<Float32Array[]>
}

export const DEFAULT_IMAGE_BATCH = 16
const DEFAULT_TEXT_BATCH = 64

// Text embeddings by `${modelId}\0${prompt}`, shared by every engine of a process so reloading a
// model (another provider, say) keeps them. Bounded: the oldest entries go first.
const TEXT_CACHE_MAX = 100_000
const textCache = new Map<string, Float32Array>()

function cachePut(key: string, v: Float32Array): void {
  if (textCache.size >= TEXT_CACHE_MAX) {
    const oldest = textCache.keys().next().value
    if (oldest !== undefined) textCache.delete(oldest)
  }
  textCache.set(key, v)
}

/** for tests and memory pressure */
export function clearTextCache(): void {
  textCache.clear()
}

export function textCacheSize(): number {
  return textCache.size
}

class Engine implements LoadedClipEngine {
  readonly modelId: string
  readonly modelDir: string
  readonly variant: Variant
  readonly embedDim: number
  readonly imageSize: number
  readonly provider: string
  readonly providerNote: string | null
  readonly demo: boolean
  readonly availableVariants: Variant[]
  readonly contextLength: number
  readonly requestedProvider: string
  textPadding: 'dynamic' | 'fixed'
  readonly scoring: ZeroShotScoring
  private readonly imageOut: string
  private readonly textOut: string
  private disposed = false

  constructor(
    readonly folder: ModelFolder,
    readonly tokenizer: ClipTokenizer,
    private readonly vision: SessionResult,
    private readonly text: SessionResult,
    requested: string,
    embedDim: number
  ) {
    this.modelId = folder.modelId
    this.modelDir = folder.dir
    this.variant = folder.variant
    this.embedDim = embedDim
    this.imageSize = folder.imageSize
    this.demo = folder.demo
    this.availableVariants = folder.availableVariants
    this.contextLength = folder.contextLength
    this.requestedProvider = requested
    this.scoring = folder.scoring
    // SigLIP's text encoder has no attention mask: it was trained on, and must see, padded input
    this.textPadding = folder.family === 'siglip' ? 'fixed' : 'dynamic'
    this.imageOut = embedOutput(vision.session, 'image_embeds')
    this.textOut = embedOutput(text.session, 'text_embeds')
    this.provider = vision.provider
    const notes = [vision.note]
    if (text.provider !== vision.provider) notes.push(`text model runs on ${text.provider}`)
    if (text.note && text.note !== vision.note) notes.push(text.note)
    this.providerNote = notes.filter(Boolean).join('; ') || null
  }

  private check(): void {
    if (this.disposed) throw new AppError('no_model', 'The model was unloaded')
  }

  get preprocessConfig(): PreprocessConfig {
    return this.folder.preprocess
  }

  get pixelCount(): number {
    return 3 * this.imageSize * this.imageSize
  }

  preprocess(file: string): Promise<Float32Array> {
    return preprocessImage(file, this.folder.preprocess)
  }

  async embedPixels(pixels: Float32Array, n: number): Promise<Float32Array> {
    this.check()
    const per = this.pixelCount
    if (n <= 0) return new Float32Array(0)
    if (pixels.length < n * per)
      throw new RangeError(`embedPixels: expected ${n * per} values, got ${pixels.length}`)
    const data = pixels.length === n * per ? pixels : pixels.subarray(0, n * per)
    const input = new ort.Tensor('float32', data, [n, 3, this.imageSize, this.imageSize])
    const out = await this.vision.session.run({ [this.vision.session.inputNames[0]]: input }, [this.imageOut])
    const embeds = checkEmbedOutput(out[this.imageOut], {
      file: this.folder.visionModel,
      name: this.imageOut,
      rows: n,
      dim: this.embedDim
    })
    // copy: the output tensor's buffer belongs to onnxruntime
    return Float32Array.from(embeds)
  }

  async embedImages(files: string[], opts: EmbedImagesOptions = {}): Promise<ImageEmbedResult[]> {
    this.check()
    return embedImageBatches(
      {
        preprocess: this.folder.preprocess,
        pixelCount: this.pixelCount,
        embedDim: this.embedDim,
        embedPixels: (p, n) => this.embedPixels(p, n)
      },
      files,
      opts,
      DEFAULT_IMAGE_BATCH
    )
  }

  async embedTokenIds(
    ids: number[][],
    opts: { padTo?: number; batch?: number } = {}
  ): Promise<Float32Array[]> {
    this.check()
    const batch = Math.max(1, opts.batch ?? DEFAULT_TEXT_BATCH)
    const out: Float32Array[] = new Array(ids.length)
    const D = this.embedDim
    for (let start = 0; start < ids.length; start += batch) {
      const chunk = ids.slice(start, start + batch)
      const fixed = this.textPadding === 'fixed' ? this.contextLength : undefined
      const len = opts.padTo ?? fixed ?? Math.max(...chunk.map((t) => t.length))
      const flat = new BigInt64Array(chunk.length * len).fill(BigInt(this.tokenizer.padId))
      chunk.forEach((t, r) => {
        for (let j = 0; j < Math.min(t.length, len); j++) flat[r * len + j] = BigInt(t[j])
      })
      const input = new ort.Tensor('int64', flat, [chunk.length, len])
      const res = await this.text.session.run({ [this.text.session.inputNames[0]]: input }, [this.textOut])
      const data = checkEmbedOutput(res[this.textOut], {
        file: this.folder.textModel,
        name: this.textOut,
        rows: chunk.length,
        dim: D
      })
      chunk.forEach((_, r) => {
        out[start + r] = data.slice(r * D, (r + 1) * D)
      })
    }
    return out
  }

  async embedTexts(prompts: string[]): Promise<Float32Array[]> {
    this.check()
    const key = (p: string): string => `${this.modelId}\u0000${p}`
    const todo = [...new Set(prompts.filter((p) => !textCache.has(key(p))))]
    if (todo.length) {
      // sort by token count so each batch pads little
      const items = todo
        .map((p) => ({ p, ids: this.tokenizer.encode(p) }))
        .sort((a, b) => a.ids.length - b.ids.length)
      const embeds = await this.embedTokenIds(items.map((i) => i.ids))
      items.forEach((it, i) => cachePut(key(it.p), embeds[i]))
    }
    // copies, so callers may normalise in place without touching the cache
    return prompts.map((p) => Float32Array.from(textCache.get(key(p)) as Float32Array))
  }

  /** one tiny inference through each graph so a config that lies about the outputs fails on load */
  async probe(): Promise<void> {
    await this.embedPixels(new Float32Array(this.pixelCount), 1)
    await this.embedTokenIds([[this.tokenizer.bosId, this.tokenizer.eosId]])
    if (this.textPadding === 'fixed') return
    const ids = this.tokenizer.encode('a photo of a zebra.')
    const sees = await seesPadding((t, padTo) => this.embedTokenIds(t, { padTo }), ids, this.contextLength)
    if (sees) this.textPadding = 'fixed'
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await Promise.all([this.vision.session.release(), this.text.session.release()])
  }
}

/** the embedding output: CLIP's projected embeds, else the pooled output (SigLIP's embedding) */
function embedOutput(session: ort.InferenceSession, preferred: string): string {
  return session.outputNames.includes(preferred) || !session.outputNames.includes('pooler_output')
    ? preferred
    : 'pooler_output'
}

async function measuredDim(session: ort.InferenceSession, size: number): Promise<number> {
  const px = new ort.Tensor('float32', new Float32Array(3 * size * size), [1, 3, size, size])
  const name = embedOutput(session, 'image_embeds')
  const out = await session.run({ [session.inputNames[0]]: px }, [name])
  const dims = out[name]?.dims ?? []
  return dims.length === 2 ? dims[1] : -1
}

/**
 * Loads a model folder ('demo' = the bundled tiny model) and starts both sessions on the first
 * provider that works. Throws AppError('model_invalid') naming a missing or broken file.
 */
export async function loadEngine(opts: EngineOptions): Promise<LoadedClipEngine> {
  if (isImmichLayout(resolveModelDir(opts.modelDir))) return loadImmichEngine(opts)
  const folder = await loadModelFolder(opts.modelDir, opts.variant)
  const tokenizer =
    folder.family === 'siglip' && folder.tokenizer.kind === 'tokenizer.json'
      ? await loadGemmaTokenizer(
          folder.tokenizer.file,
          join(folder.dir, 'tokenizer_config.json'),
          folder.contextLength
        )
      : await loadTokenizer(folder.tokenizer, folder.contextLength)
  const plan = planProviders(opts.ep ?? 'auto')
  const vision = await createSession(folder.visionModel, plan, { threads: opts.threads })
  // the text model follows the vision model's provider, still able to fall back on its own
  const textPlan = {
    ...plan,
    order: plan.order.slice(plan.order.indexOf(vision.provider)),
    skipped: vision.note ? [vision.note] : []
  }
  let text: SessionResult
  try {
    text = await createSession(folder.textModel, textPlan, { threads: opts.threads })
  } catch (err) {
    await vision.session.release()
    throw err
  }
  let engine: Engine
  try {
    checkImageSize(vision.session, folder.visionModel, folder.imageSize)
    // config.json may not say (MobileCLIP): the graph does, or one zero image through it does
    const dim =
      folder.embedDim ??
      declaredOutputDim(vision.session, embedOutput(vision.session, 'image_embeds')) ??
      declaredOutputDim(text.session, embedOutput(text.session, 'text_embeds')) ??
      (await measuredDim(vision.session, folder.imageSize))
    engine = new Engine(folder, tokenizer, vision, text, plan.requested, dim)
  } catch (err) {
    await Promise.all([vision.session.release(), text.session.release()])
    throw err
  }
  try {
    await engine.probe()
  } catch (err) {
    await engine.dispose()
    throw err
  }
  return engine
}
