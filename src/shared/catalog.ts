// The model catalog's data (the entries live in src/main/clip/catalog.ts): what the Model screen's
// table and `zebra models list` show for each downloadable model.
import type { Variant } from './domain'

export interface VariantSize {
  /** onnx/vision_model{suffix}.onnx, MB */
  vision: number
  /** onnx/text_model{suffix}.onnx, MB */
  text: number
  /** how the size was estimated when it is not the Hub's listing */
  approx?: string
}

interface CatalogSpeed {
  /** images/s of the vision model alone on 2 CPU cores, per variant measured or estimated */
  imagesPerSecond: Partial<Record<Variant, number>>
  /** prompts/s of the text model at 77 tokens, fp32 (CLIP pads per batch, so short prompts go faster) */
  promptsPerSecond: number
  /** 'measured' here with the speed-test method, or how it was estimated */
  basis: string
}

export interface CatalogEntry {
  /** short id for `zebra models download --model <id>` and model.download */
  id: string
  name: string
  /** mclip: a multilingual text encoder for an openai CLIP's images (docs/multilingual.md) */
  family: 'openai-clip' | 'mobileclip' | 'siglip2' | 'mclip'
  /** Hub repo owner/name */
  repo: string
  /** the repo's layout: absent for Hugging Face ONNX (onnx/), 'immich' for textual/ + visual/ */
  layout?: 'immich'
  /** a text encoder's image model: the catalog id whose image embeddings it scores */
  textEncoderFor?: string
  /** the model's input size (preprocessor_config.json crop) and embedding size */
  imageSize: number
  embedDim: number
  /** millions of parameters, image + text encoder */
  params: { vision: number; text: number }
  /** the variants the repo has, with their download size */
  sizes: Partial<Record<Variant, VariantSize>>
  sizeSource: string
  /** what a download takes when no variant is given */
  defaultVariant: Variant
  speed: CatalogSpeed
  /** null where no ImageNet zero-shot figure is published (imagenetSource says what is) */
  imagenetTop1: number | null
  imagenetSource: string
  licence: string
  licenceUrl: string
  warnings: string[]
}

/** A catalog entry with where it stands on this machine (model.catalog). */
export interface CatalogModel extends CatalogEntry {
  /** the models folder's copy: owner--name */
  dir: string
  /** variants complete in that folder (empty: not downloaded) */
  downloadedVariants: Variant[]
  /** this folder is the model loaded now */
  loaded: boolean
}

/** The one wording of MobileCLIP's quantization caveat (its catalog warning, the download's, the table's). */
export const MOBILECLIP_QUANT_WARNING =
  "MobileCLIP's model card warns that its vision model is sensitive to quantization: fp32 is the default; the quantized variant may rank labels noticeably differently (expect less accurate suggestions than fp32)."

/** The catalog warning that downloading `variant` of a model calls for, or null. */
export function variantWarning(e: Pick<CatalogEntry, 'family'>, variant: Variant): string | null {
  return e.family === 'mobileclip' && variant !== 'fp32' ? MOBILECLIP_QUANT_WARNING : null
}
