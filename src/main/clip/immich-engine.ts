// The engine of a model folder in Immich's layout (immich-folder.ts), loaded as published: the
// visual/ graph for images, the textual/ side as a TextEncoder (mclip-text.ts). Both graphs already
// L2-normalise their outputs, which cosine scoring does anyway. A graph that fixes its batch at 1
// (Immich's current exports) is run one row at a time.
import * as ort from 'onnxruntime-node'
import type { Variant } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { LoadedClipEngine } from './engine'
import { embedImageBatches, type EmbedImagesOptions } from './image-batches'
import { loadImmichFolder } from './immich-folder'
import { visionGraphIo, type VisionGraphIo } from './immich-graph'
import { loadTextEncoder, type TextEncoder } from './mclip-text'
import type { ModelFolder, PreprocessConfig } from './model-folder'
import { checkEmbedOutput } from './output-check'
import { preprocessImage } from './preprocess'
import { createSession, planProviders, type SessionResult } from './session'
import type { EngineOptions, ImageEmbedResult } from './types'
import type { ZeroShotScoring } from './model-family'

const IMAGE_BATCH = 16

class ImmichEngine implements LoadedClipEngine {
  readonly modelId: string
  readonly modelDir: string
  readonly variant: Variant = 'fp32'
  readonly availableVariants: Variant[] = ['fp32']
  readonly demo = false
  readonly imageSize: number
  readonly embedDim: number
  readonly contextLength: number
  readonly scoring: ZeroShotScoring = { kind: 'softmax' }
  readonly provider: string
  readonly providerNote: string | null
  private disposed = false

  constructor(
    readonly folder: ModelFolder,
    readonly requestedProvider: string,
    private readonly vision: SessionResult,
    private readonly io: VisionGraphIo,
    private readonly text: TextEncoder
  ) {
    this.modelId = folder.modelId
    this.modelDir = folder.dir
    this.imageSize = folder.imageSize
    this.embedDim = text.embedDim
    this.contextLength = text.contextLength
    this.provider = vision.provider
    const notes = [
      vision.note,
      text.provider !== vision.provider ? `text model runs on ${text.provider}` : null
    ]
    this.providerNote = notes.filter(Boolean).join('; ') || null
  }

  get tokenizer(): TextEncoder['tokenizer'] {
    return this.text.tokenizer
  }

  get textPadding(): 'dynamic' | 'fixed' {
    return this.text.textPadding
  }

  get preprocessConfig(): PreprocessConfig {
    return this.folder.preprocess
  }

  get pixelCount(): number {
    return 3 * this.imageSize * this.imageSize
  }

  private check(): void {
    if (this.disposed) throw new AppError('no_model', 'The model was unloaded')
  }

  preprocess(file: string): Promise<Float32Array> {
    return preprocessImage(file, this.folder.preprocess)
  }

  async embedPixels(pixels: Float32Array, n: number): Promise<Float32Array> {
    this.check()
    const per = this.pixelCount
    if (pixels.length < n * per)
      throw new RangeError(`embedPixels: expected ${n * per} values, got ${pixels.length}`)
    const D = this.embedDim
    const out = new Float32Array(n * D)
    const step = this.io.fixedBatch ?? n
    for (let s = 0; s < n; s += step) {
      const rows = Math.min(step, n - s)
      const data = pixels.subarray(s * per, (s + rows) * per)
      const input = new ort.Tensor('float32', data, [rows, 3, this.imageSize, this.imageSize])
      const res = await this.vision.session.run({ [this.io.input]: input }, [this.io.output])
      const e = checkEmbedOutput(res[this.io.output], {
        file: this.folder.visionModel,
        name: this.io.output,
        rows,
        dim: D
      })
      out.set(e, s * D)
    }
    return out
  }

  embedImages(files: string[], opts: EmbedImagesOptions = {}): Promise<ImageEmbedResult[]> {
    this.check()
    const model = {
      preprocess: this.folder.preprocess,
      pixelCount: this.pixelCount,
      embedDim: this.embedDim,
      embedPixels: (p: Float32Array, n: number) => this.embedPixels(p, n)
    }
    return embedImageBatches(model, files, opts, IMAGE_BATCH)
  }

  embedTokenIds(ids: number[][], opts?: { padTo?: number; batch?: number }): Promise<Float32Array[]> {
    this.check()
    return this.text.embedTokenIds(ids, opts)
  }

  embedTexts(prompts: string[]): Promise<Float32Array[]> {
    this.check()
    return this.text.embedTexts(prompts)
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await Promise.all([this.vision.session.release(), this.text.dispose()])
  }
}

/** Loads an Immich-layout folder; throws model_invalid naming a missing file or a mismatch. */
export async function loadImmichEngine(opts: EngineOptions): Promise<LoadedClipEngine> {
  const folder = await loadImmichFolder(opts.modelDir)
  const plan = planProviders(opts.ep ?? 'auto')
  const vision = await createSession(folder.visionModel, plan, { threads: opts.threads })
  let text: TextEncoder
  try {
    // the text model follows the vision model's provider, as the Hugging Face layout's does
    text = await loadTextEncoder(folder.dir, { ep: vision.provider, threads: opts.threads })
  } catch (err) {
    await vision.session.release()
    throw err
  }
  const engine = (() => {
    try {
      const io = visionGraphIo(vision.session, folder.visionModel)
      if (io.size !== null && io.size !== folder.imageSize) {
        throw new AppError(
          'model_invalid',
          `visual/preprocess_cfg.json asks for ${folder.imageSize} px but visual/model.onnx takes ${io.size} px: the files do not belong together.`,
          { file: folder.visionModel, remedy: 'choose_model' }
        )
      }
      return new ImmichEngine(folder, plan.requested, vision, io, text)
    } catch (err) {
      void vision.session.release()
      void text.dispose()
      throw err
    }
  })()
  try {
    // one blank image: the image side must give what the text side gives
    await engine.embedPixels(new Float32Array(engine.pixelCount), 1)
  } catch (err) {
    await engine.dispose()
    throw err
  }
  return engine
}
