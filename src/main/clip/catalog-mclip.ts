// M-CLIP's multilingual text encoders (github.com/FreddeFrallan/Multilingual-CLIP, MIT) as Immich
// exports them (immich-app/* on the Hub, Immich's layout: textual/ + visual/). Each XLM-RoBERTa
// Large encoder was trained to map captions in ~100 languages onto openai CLIP's own text
// embeddings, so it scores the image embeddings of openai's ViT-B/32 or ViT-L/14: a project on
// those models gains multilingual labels without re-embedding an image (docs/multilingual.md).
import type { CatalogEntry } from '../../shared/catalog'

const MCLIP_LICENCE = 'MIT (M-CLIP; the image encoder is openai CLIP, MIT)'
const MCLIP_LICENCE_URL = 'https://github.com/FreddeFrallan/Multilingual-CLIP/blob/main/LICENSE'
// XLM-R Large: 560M parameters (250k x 1024 token table + 24 layers of width 1024) + the projection
const XLMR_LARGE = 560
const SIZE_BASIS =
  'estimated as parameters x 4 bytes (fp32): XLM-R Large 560M for textual/ (its weights may be stored as several files beside model.onnx), openai ViT-B/32 88M or ViT-L/14 304M for visual/; the Hub listing was not read'
const TOP1 =
  "M-CLIP publishes no ImageNet zero-shot figure; its README reports multilingual text-to-image retrieval (XTD10 R@10). The image side is openai CLIP's (open_clip table, pretrained=openai)"
// Images/s are the openai image encoder's, as measured for clip-vit-b32 / clip-vit-l14 (fp32).
// Prompts/s: Immich's current exports fix the text input at [1, 77], so a prompt runs alone,
// padded to 77; measured on a full-size XLM-R Large speed-test graph at 77 tokens x 1 against
// ViT-B/32 in the same run (docs/catalog-speed.md; 22 prompts/s for a graph taking batches of
// 32 at 16 tokens).

function mclip(
  key: string,
  label: string,
  repo: string,
  imageModel: string,
  vision: number,
  embedDim: number,
  imagesPerSecond: number
): CatalogEntry {
  return {
    id: `mclip-xlmr-${key}`,
    name: `M-CLIP XLM-R Large for ${label} (multilingual)`,
    family: 'mclip',
    repo,
    layout: 'immich',
    textEncoderFor: imageModel,
    imageSize: 224,
    embedDim,
    params: { vision, text: XLMR_LARGE },
    sizes: { fp32: { vision: Math.round(vision * 4), text: XLMR_LARGE * 4, approx: SIZE_BASIS } },
    sizeSource: SIZE_BASIS,
    defaultVariant: 'fp32',
    speed: { imagesPerSecond: { fp32: imagesPerSecond }, promptsPerSecond: 3.8, basis: 'measured' },
    imagenetTop1: null,
    imagenetSource: TOP1,
    licence: MCLIP_LICENCE,
    licenceUrl: MCLIP_LICENCE_URL,
    warnings: [
      `A text encoder for ${label} projects: choose it as the project's text encoder to label in ~100 languages without re-embedding the images.`,
      'About 2.2 GB of text encoder: loading it takes a few seconds and about 2.5 GB of memory.'
    ]
  }
}

export const MCLIP_ENTRIES: readonly CatalogEntry[] = [
  mclip('b32', 'ViT-B/32', 'immich-app/XLM-Roberta-Large-Vit-B-32', 'clip-vit-b32', 87.8, 512, 22),
  mclip('l14', 'ViT-L/14', 'immich-app/XLM-Roberta-Large-Vit-L-14', 'clip-vit-l14', 304.0, 768, 1.1)
]
