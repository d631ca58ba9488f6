// The engine surface the rest of the app uses (jobs, services, CLI, bench). Implemented in this folder.
import type { ExecutionProvider, Variant } from '../../shared/contract'
import type { ZeroShotScoring } from './model-family'
import type { PreprocessConfig } from './model-folder'

export interface EngineOptions {
  /** model folder in the Hugging Face ONNX layout, or 'demo' for resources/demo-model */
  modelDir: string
  variant?: Variant
  /** preference; 'auto' tries the platform's accelerators then cpu. ZEBRA_EP overrides 'auto'. */
  ep?: ExecutionProvider
  /** intra-op threads for the CPU provider; default: all cores */
  threads?: number
}

export interface ImageEmbedResult {
  file: string
  /** raw (not normalised) image embedding, length embedDim; absent when the image failed */
  embedding?: Float32Array
  error?: string
}

export interface ClipEngine {
  /** stable id of (model folder content, variant), used as the cache key in project files */
  readonly modelId: string
  readonly modelDir: string
  readonly variant: Variant
  readonly embedDim: number
  readonly imageSize: number
  /** provider actually in use, e.g. 'cpu' or 'webgpu' */
  readonly provider: string
  /** why the preferred provider was skipped, if one was */
  readonly providerNote: string | null
  /** how zero-shot scores become probabilities (SigLIP's own sigmoid); absent: softmax */
  readonly scoring?: ZeroShotScoring
  /** resize/crop/normalise settings read from preprocessor_config.json (for worker pools) */
  readonly preprocessConfig: PreprocessConfig
  /** decode + preprocess one file into CHW float32 (3*imageSize*imageSize) */
  preprocess(file: string): Promise<Float32Array>
  /** run the vision model on n preprocessed images packed back to back; returns n*embedDim raw */
  embedPixels(pixels: Float32Array, n: number): Promise<Float32Array>
  /** preprocess + embed; a failing file gets an error and the rest go on */
  embedImages(files: string[], opts?: { batch?: number }): Promise<ImageEmbedResult[]>
  /** raw text embeddings, one per prompt, cached in memory per (model, prompt) */
  embedTexts(prompts: string[]): Promise<Float32Array[]>
  dispose(): Promise<void>
}
