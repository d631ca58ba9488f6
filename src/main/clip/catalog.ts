// The models Zebra offers to download: CLIP-family models in the Hugging Face ONNX layout
// (Xenova/* repos, the files transformers.js loads), each with what a user needs to choose one.
// Sources, so the numbers can be checked:
// - download sizes: the repos' onnx/ file listings on the Hub (text_model + vision_model of the
//   variant, decimal MB as the Hub shows them) unless `approx` says how they were estimated;
// - CPU speed: bench/catalog-speed.ts on speed-test graphs of each geometry (full-size, tiled random
//   weights, scripts/clip-models/make_speedtest.py), on a 2-core machine (README "Model catalog");
// - ImageNet zero-shot top-1: open_clip's results table (pretrained=openai), apple/ml-mobileclip's
//   README table and the SigLIP 2 paper's Table 1.
// M-CLIP's multilingual text encoders (Immich's layout) are in catalog-mclip.ts.
import { MOBILECLIP_QUANT_WARNING, type CatalogEntry, type VariantSize } from '../../shared/catalog'
import type { Variant } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { MCLIP_ENTRIES } from './catalog-mclip'

export type { CatalogEntry } from '../../shared/catalog'

const OPEN_CLIP_TABLE =
  'open_clip results table (github.com/mlfoundations/open_clip, docs/openclip_results.csv, pretrained=openai)'
const MOBILECLIP_TABLE = 'apple/ml-mobileclip README, "IN-1k Zero-Shot Top-1 Acc."'
const OPENAI_LICENCE = 'MIT (openai/CLIP)'
const OPENAI_LICENCE_URL = 'https://github.com/openai/CLIP/blob/main/LICENSE'
const APPLE_LICENCE = "Apple's model weights licence (apple-ascl): read it before commercial use"
const APPLE_LICENCE_URL = 'https://github.com/apple/ml-mobileclip/blob/main/LICENSE_weights_data'
const SIGLIP2_TABLE =
  'SigLIP 2 paper (Tschannen et al. 2025, arXiv:2502.14786), Table 1, B/16 ImageNet-1k zero-shot'
const APACHE_LICENCE = 'Apache-2.0 (google/siglip2 weights)'
const APACHE_LICENCE_URL = 'https://www.apache.org/licenses/LICENSE-2.0'
const hub = (repo: string): string => `Hub file listing, huggingface.co/${repo}/tree/main/onnx`

// Measured with bench/catalog-speed.ts on a 2-core machine shared with other work (README "Catalog
// speed"): each graph's images per CPU-second relative to ViT-B/32's, measured just before it, times
// ViT-B/32's quiet-machine figures (22 fp32, 32 quantized images/s; 29 prompts/s at 77 tokens).
// The estimates for MobileCLIP scale MobileCLIP-B (a ViT-B/16 at 224 px, so B/16's measured speed)
// by Apple's published image-encoder latencies (S0 1.5, S1 2.5, S2 3.6, B 10.4 ms on an iPhone 12
// Pro Max): their convolutional encoders were not rebuilt here.
const B16 = { fp32: 4.4, quantized: 7.4 }
const latency = (ms: number): Partial<Record<Variant, number>> => ({
  fp32: Math.round(((B16.fp32 * 10.4) / ms) * 10) / 10
})
const MOBILECLIP_BASIS =
  "estimated: ViT-B/16's measured speed scaled by Apple's published image latency (S0 1.5, S1 2.5, S2 3.6, B 10.4 ms); MobileCLIP pads every prompt to 77 tokens"

// SigLIP 2 base: the ViT-B/16 image encoder with an attention-pooling head (92.9 M parameters) and a
// 768-wide, 12-layer text encoder over Gemma's 256k vocabulary (282.3 M, 197 M of them the token
// table): 375 M in all, as google/siglip2-base-patch16-* state. The onnx-community listings were
// not available here: the sizes are the parameters at 4, 2 and 1 bytes, which reproduces
// Xenova/siglip-base-patch16-*'s listed vision graphs (372, 186 and 99.5 MB).
const SIGLIP2_APPROX =
  "estimated: parameters x 4 / 2 / 1 bytes (matches the SigLIP 1 base repos' vision graphs: 372 / 186 / 99.5 MB)"
// Measured as the other families (docs/catalog-speed.md): speed-test graphs of SigLIP 2 base
// (scripts/clip-models/speedtest_towers.py), each timed A B A B against ViT-B/32 on the same
// 2-core machine and scaled by ViT-B/32's quiet-machine figures; its text tower always runs its
// fixed 64 tokens (64 prompts a batch).
const SIGLIP2_SPEED = {
  224: { fp32: 4.6, quantized: 5.7 },
  256: { fp32: 3.0, quantized: 4.6 }
} as const
/** what a SigLIP download adds to its two graphs: the combined graph, read for the scale and bias */
const SIGLIP2_COMBINED_MB = 383

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'clip-vit-b32',
    name: 'OpenAI CLIP ViT-B/32',
    family: 'openai-clip',
    repo: 'Xenova/clip-vit-base-patch32',
    imageSize: 224,
    embedDim: 512,
    params: { vision: 87.8, text: 63.2 },
    sizes: {
      fp32: { vision: 352, text: 254 },
      fp16: { vision: 176, text: 127 },
      quantized: { vision: 89.1, text: 64.5 }
    },
    sizeSource: hub('Xenova/clip-vit-base-patch32'),
    defaultVariant: 'quantized',
    speed: { imagesPerSecond: { fp32: 22, quantized: 32 }, promptsPerSecond: 29, basis: 'measured' },
    imagenetTop1: 63.3,
    imagenetSource: OPEN_CLIP_TABLE,
    licence: OPENAI_LICENCE,
    licenceUrl: OPENAI_LICENCE_URL,
    warnings: []
  },
  {
    id: 'clip-vit-b16',
    name: 'OpenAI CLIP ViT-B/16',
    family: 'openai-clip',
    repo: 'Xenova/clip-vit-base-patch16',
    imageSize: 224,
    embedDim: 512,
    params: { vision: 86.2, text: 63.2 },
    sizes: {
      fp32: { vision: 345, text: 254 },
      fp16: { vision: 173, text: 127 },
      quantized: { vision: 87.5, text: 64.5 }
    },
    sizeSource: hub('Xenova/clip-vit-base-patch16'),
    defaultVariant: 'quantized',
    speed: { imagesPerSecond: { ...B16 }, promptsPerSecond: 29, basis: 'measured' },
    imagenetTop1: 68.3,
    imagenetSource: OPEN_CLIP_TABLE,
    licence: OPENAI_LICENCE,
    licenceUrl: OPENAI_LICENCE_URL,
    warnings: []
  },
  {
    id: 'clip-vit-l14',
    name: 'OpenAI CLIP ViT-L/14',
    family: 'openai-clip',
    repo: 'Xenova/clip-vit-large-patch14',
    imageSize: 224,
    embedDim: 768,
    params: { vision: 304.0, text: 123.1 },
    sizes: {
      fp32: { vision: 1220, text: 495 },
      fp16: { vision: 609, text: 248 },
      quantized: { vision: 307, text: 125 }
    },
    sizeSource: hub('Xenova/clip-vit-large-patch14'),
    defaultVariant: 'quantized',
    speed: { imagesPerSecond: { fp32: 1.1, quantized: 1.8 }, promptsPerSecond: 13, basis: 'measured' },
    imagenetTop1: 75.5,
    imagenetSource: OPEN_CLIP_TABLE,
    licence: OPENAI_LICENCE,
    licenceUrl: OPENAI_LICENCE_URL,
    warnings: [
      'Slow on a CPU: hours for tens of thousands of images. A GPU (WebGPU or CUDA) helps most here.'
    ]
  },
  {
    id: 'clip-vit-l14-336',
    name: 'OpenAI CLIP ViT-L/14@336',
    family: 'openai-clip',
    repo: 'Xenova/clip-vit-large-patch14-336',
    imageSize: 336,
    embedDim: 768,
    params: { vision: 304.3, text: 123.1 },
    // the listing has no vision_model_fp16.onnx
    sizes: {
      fp32: { vision: 1220, text: 495 },
      quantized: { vision: 307, text: 125 }
    },
    sizeSource: `${hub('Xenova/clip-vit-large-patch14-336')} (seen on a mirror of that repo with its commits; it lists no fp16 vision model)`,
    defaultVariant: 'quantized',
    speed: { imagesPerSecond: { fp32: 0.51, quantized: 0.75 }, promptsPerSecond: 13, basis: 'measured' },
    imagenetTop1: 76.6,
    imagenetSource: OPEN_CLIP_TABLE,
    licence: OPENAI_LICENCE,
    licenceUrl: OPENAI_LICENCE_URL,
    warnings: [
      'The slowest here: 2.25x the pixels of ViT-L/14 for about one point of ImageNet accuracy. A GPU is all but required.'
    ]
  },
  mobileclip('s0', 'S0', 11.4, 42.4, 67.8, 1.5, {
    fp32: { vision: 45.5, text: 169.8 },
    fp16: { vision: 22.8, text: 84.9, approx: 'half of fp32 (the listing was not available)' },
    quantized: {
      vision: 11.4,
      text: 42.5,
      approx: 'a quarter of fp32 (about 11 MB and 40 MB reported for the 8-bit files)'
    }
  }),
  mobileclip('s1', 'S1', 21.5, 63.4, 72.6, 2.5, {
    fp32: { vision: 86, text: 254 },
    fp16: { vision: 43.2, text: 127 },
    quantized: { vision: 22.4, text: 64.1 }
  }),
  mobileclip('s2', 'S2', 35.7, 63.4, 74.4, 3.6, {
    fp32: { vision: 143, text: 254 },
    fp16: { vision: 71.7, text: 127 },
    quantized: { vision: 36.7, text: 64.1 }
  }),
  mobileclip('b', 'B', 86.3, 63.4, 76.8, 10.4, {
    fp32: { vision: 346, text: 254 },
    fp16: { vision: 173, text: 127 },
    quantized: { vision: 87.5, text: 64.1 }
  }),
  siglip2(224, 78.2),
  siglip2(256, 79.1),
  ...MCLIP_ENTRIES
]

function siglip2(size: 224 | 256, top1: number): CatalogEntry {
  const repo = `onnx-community/siglip2-base-patch16-${size}-ONNX`
  const approx = SIGLIP2_APPROX
  return {
    id: `siglip2-b16-${size}`,
    name: `Google SigLIP 2 ViT-B/16 ${size} px (multilingual)`,
    family: 'siglip2',
    repo,
    imageSize: size,
    embedDim: 768,
    params: { vision: 92.9, text: 282.3 },
    sizes: {
      fp32: { vision: 372, text: 1129, approx },
      fp16: { vision: 186, text: 565, approx },
      quantized: { vision: 99.5, text: 283, approx }
    },
    sizeSource: `${hub(repo)} (not available when written: estimated from the parameter counts)`,
    defaultVariant: 'quantized',
    speed: { imagesPerSecond: { ...SIGLIP2_SPEED[size] }, promptsPerSecond: 16, basis: 'measured' },
    imagenetTop1: top1,
    imagenetSource: SIGLIP2_TABLE,
    licence: APACHE_LICENCE,
    licenceUrl: APACHE_LICENCE_URL,
    warnings: [
      `The download also takes onnx/model_quantized.onnx (about ${SIGLIP2_COMBINED_MB} MB, estimated): SigLIP's logit scale and bias, which its probabilities need, are weights of that graph only.`,
      "Probabilities are SigLIP's own sigmoid, label by label: they need not add up to 100%, and an image can read low for every label."
    ]
  }
}

function mobileclip(
  key: string,
  label: string,
  vision: number,
  text: number,
  top1: number,
  latencyMs: number,
  sizes: Partial<Record<Variant, VariantSize>>
): CatalogEntry {
  const repo = `Xenova/mobileclip_${key}`
  // S0's text encoder is the 4-layer one (1.6 ms vs 3.3 ms published); the others are 12-layer,
  // 512-wide like ViT-B's, always at 77 tokens: B/32's text speed at 77 tokens
  const prompts = key === 's0' ? 60 : 29
  return {
    id: `mobileclip-${key}`,
    name: `Apple MobileCLIP-${label}`,
    family: 'mobileclip',
    repo,
    imageSize: key === 'b' ? 224 : 256,
    embedDim: 512,
    params: { vision, text },
    sizes,
    sizeSource: key === 's0' ? `fp32 bytes as pinned by a project that downloads ${repo}` : hub(repo),
    defaultVariant: 'fp32',
    speed: { imagesPerSecond: latency(latencyMs), promptsPerSecond: prompts, basis: MOBILECLIP_BASIS },
    imagenetTop1: top1,
    imagenetSource: MOBILECLIP_TABLE,
    licence: APPLE_LICENCE,
    licenceUrl: APPLE_LICENCE_URL,
    warnings: [MOBILECLIP_QUANT_WARNING]
  }
}

/** The variants an entry can be downloaded in, in its order of preference (default first). */
export function catalogVariants(e: CatalogEntry): Variant[] {
  const all = (Object.keys(e.sizes) as Variant[]).filter((v) => e.sizes[v])
  return [e.defaultVariant, ...all.filter((v) => v !== e.defaultVariant)]
}

/** Download size of a variant in MB (both graphs; configs and tokenizer add about 3 MB). */
export function downloadMB(e: CatalogEntry, v: Variant): number | null {
  const s = e.sizes[v]
  return s ? Math.round((s.vision + s.text) * 10) / 10 : null
}

/** A catalog entry by id or repo (case ignored); throws invalid_input naming the choices. */
export function findCatalogEntry(idOrRepo: string): CatalogEntry {
  const k = idOrRepo.trim().toLowerCase()
  const e = CATALOG.find((c) => c.id === k || c.repo.toLowerCase() === k)
  if (!e) {
    throw new AppError(
      'invalid_input',
      `No model "${idOrRepo}" in the catalog. Models: ${CATALOG.map((c) => c.id).join(', ')}.`
    )
  }
  return e
}

/** The variant to download: the one asked for if the repo has it, else the entry's default. */
export function chooseVariant(e: CatalogEntry, asked?: Variant): Variant {
  if (!asked) return e.defaultVariant
  if (!e.sizes[asked]) {
    throw new AppError(
      'invalid_input',
      `${e.name} has no ${asked} variant on the Hub. Variants: ${catalogVariants(e).join(', ')}.`
    )
  }
  return asked
}
