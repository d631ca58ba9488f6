// Reads a CLIP model folder in the Hugging Face ONNX layout (what Xenova/* repos on the Hub ship):
//   config.json, preprocessor_config.json, tokenizer.json or vocab.json + merges.txt,
//   onnx/text_model{,_fp16,_quantized}.onnx, onnx/vision_model{,_fp16,_quantized}.onnx
// Everything the engine needs (embedding size, image size, mean/std, crop) comes from the configs.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import type { Variant } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { demoModelDir } from '../paths'
import { defaultContextLength, modelFamily, type ModelFamily, type ZeroShotScoring } from './model-family'
import { BICUBIC, resampleFilterName } from './resample'
import { readSigmoidLogits } from './siglip-logits'
import type { TokenizerSource } from './tokenizer'

/** file name suffix of each variant in onnx/ */
export const VARIANT_SUFFIX: Record<Variant, string> = { fp32: '', fp16: '_fp16', quantized: '_quantized' }
/** order in which a variant is picked when none is asked for: full precision first */
const VARIANT_PREFERENCE: readonly Variant[] = ['fp32', 'quantized', 'fp16']

export interface PreprocessConfig {
  /** resize the shortest side to this (torchvision's Resize(int), openai CLIP's preprocessing) */
  shortestEdge: number
  /** or to exactly this size: a "size" of {height, width} without shortest_edge */
  resizeTo?: { width: number; height: number }
  /** then centre-crop to this square */
  cropSize: number
  /** [0, 0, 0] and [1, 1, 1] when do_normalize is false (MobileCLIP) */
  mean: [number, number, number]
  std: [number, number, number]
  /** usually 1/255; 1 when do_rescale is false */
  rescaleFactor: number
  /** PIL filter number: 3 bicubic (openai CLIP, the CLIPImageProcessor default), 2 bilinear (MobileCLIP) */
  resample: number
}

export interface ModelFolder {
  dir: string
  /** the bundled random-weights model */
  demo: boolean
  variant: Variant
  availableVariants: Variant[]
  textModel: string
  visionModel: string
  tokenizer: TokenizerSource
  /** projection_dim from config.json; null when it has none (Xenova/mobileclip_*'s config.json is
   * only {"model_type": "clip"}): the engine then reads it from the graphs */
  embedDim: number | null
  /** the vision model's input size (crop size) */
  imageSize: number
  contextLength: number
  preprocess: PreprocessConfig
  modelId: string
  /** config.json's model_type: 'siglip' (SigLIP, SigLIP 2) or CLIP and its relatives */
  family: ModelFamily
  /** softmax for CLIP; SigLIP's sigmoid with the scale and bias read from its combined graph */
  scoring: ZeroShotScoring
}

const help = (dir: string): string =>
  `Download the model again, or choose a complete folder in the Hugging Face ONNX layout (${dir}).`

function invalid(message: string, file: string, dir: string): AppError {
  return new AppError('model_invalid', `${message} ${help(dir)}`, { file, remedy: 'choose_model' })
}

/** 'demo' means the bundled tiny model; anything else is a folder path. */
export function resolveModelDir(arg: string): string {
  return arg === 'demo' ? demoModelDir() : resolve(arg)
}

export function isDemoModelDir(dir: string): boolean {
  return resolve(dir) === resolve(demoModelDir())
}

export function onnxFile(dir: string, part: 'text' | 'vision', variant: Variant): string {
  return join(dir, 'onnx', `${part}_model${VARIANT_SUFFIX[variant]}.onnx`)
}

/** variants with both a text and a vision graph present */
export function availableVariants(dir: string): Variant[] {
  return VARIANT_PREFERENCE.filter(
    (v) => existsSync(onnxFile(dir, 'text', v)) && existsSync(onnxFile(dir, 'vision', v))
  )
}

async function readJson(dir: string, name: string): Promise<{ text: string; json: Record<string, unknown> }> {
  const file = join(dir, name)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw invalid(`The model folder has no ${name}.`, file, dir)
  }
  try {
    const json = JSON.parse(text) as unknown
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object')
    return { text, json: json as Record<string, unknown> }
  } catch (err) {
    throw invalid(`${name} in the model folder is not valid JSON (${(err as Error).message}).`, file, dir)
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}

/** a size field may be a number, {shortest_edge}, or {height, width} */
function sizeOf(v: unknown): number | undefined {
  if (num(v) !== undefined) return num(v)
  const o = obj(v)
  return num(o.shortest_edge) ?? num(o.height) ?? num(o.width)
}

function triple(v: unknown): [number, number, number] | undefined {
  return Array.isArray(v) && v.length === 3 && v.every((x) => num(x) !== undefined)
    ? (v as [number, number, number])
    : undefined
}

// openai CLIP's values, used when preprocessor_config.json leaves them out
const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073]
const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711]

/**
 * The preprocessing a preprocessor_config.json asks for, with CLIPImageProcessor's defaults for
 * what it leaves out. Nothing is assumed about the model: 224 and openai's mean/std are only those
 * defaults, and `imageSize` (config.json's vision image_size) only stands in for a missing size.
 */
export function parsePreprocess(pre: Record<string, unknown>, imageSize: number): PreprocessConfig {
  const size = obj(pre.size)
  const shortest = num(pre.size) ?? num(size.shortest_edge)
  const h = num(size.height)
  const w = num(size.width)
  const resizeTo =
    shortest === undefined && h !== undefined && w !== undefined ? { width: w, height: h } : undefined
  const shortestEdge = shortest ?? (resizeTo ? Math.min(resizeTo.width, resizeTo.height) : imageSize)
  // do_center_crop false would leave a non-square image, which no fixed-size vision model takes: the
  // square it has to be is then the resized short side (or the exact size)
  const crop = pre.do_center_crop === false ? undefined : sizeOf(pre.crop_size)
  const cropSize = crop ?? (resizeTo ? resizeTo.height : shortestEdge)
  if (resizeTo && crop === undefined && resizeTo.width !== resizeTo.height) {
    throw new AppError(
      'model_invalid',
      `preprocessor_config.json resizes to ${resizeTo.width} x ${resizeTo.height} without a square crop; Zebra needs square model input.`,
      { remedy: 'choose_model' }
    )
  }
  const normalize = pre.do_normalize !== false
  const resample = num(pre.resample) ?? BICUBIC
  resampleFilterName(resample)
  return {
    shortestEdge,
    ...(resizeTo ? { resizeTo } : {}),
    cropSize,
    mean: normalize ? (triple(pre.image_mean) ?? CLIP_MEAN) : [0, 0, 0],
    std: normalize ? (triple(pre.image_std) ?? CLIP_STD) : [1, 1, 1],
    rescaleFactor: pre.do_rescale === false ? 1 : (num(pre.rescale_factor) ?? 1 / 255),
    resample
  }
}

const FINGERPRINT_CHUNK = 64 * 1024

/**
 * Cheap content fingerprint of a large file: its size and first/last 64 KiB. Hashing 350 MB of
 * ONNX on every start would cost seconds; a re-export or another variant changes these bytes.
 */
export async function fileFingerprint(file: string): Promise<string> {
  const { size } = await stat(file)
  const h = createHash('sha256').update(`${basename(file)}:${size}:`)
  const fh = await open(file, 'r')
  try {
    const head = Buffer.alloc(Math.min(FINGERPRINT_CHUNK, size))
    await fh.read(head, 0, head.length, 0)
    h.update(head)
    if (size > FINGERPRINT_CHUNK) {
      const tail = Buffer.alloc(Math.min(FINGERPRINT_CHUNK, size - FINGERPRINT_CHUNK))
      await fh.read(tail, 0, tail.length, size - tail.length)
      h.update(tail)
    }
  } finally {
    await fh.close()
  }
  return h.digest('hex')
}

/**
 * Loads and checks a model folder. `variant` picks onnx/*{suffix}.onnx; without it the first
 * available of fp32, quantized, fp16. Throws AppError('model_invalid') naming the missing or broken
 * file. ONNX graphs are only parsed when sessions are created (session.ts reports those errors).
 */
export async function loadModelFolder(dirArg: string, variant?: Variant): Promise<ModelFolder> {
  const dir = resolveModelDir(dirArg)
  const demo = isDemoModelDir(dir)
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder')
  } catch {
    throw new AppError(
      'model_invalid',
      `Model folder not found: ${dir}. Download CLIP ViT-B/32, choose another model folder, or use the demo model.`,
      { file: dir, remedy: 'choose_model' }
    )
  }

  const config = await readJson(dir, 'config.json')
  const pre = await readJson(dir, 'preprocessor_config.json')

  let tokenizer: TokenizerSource
  if (existsSync(join(dir, 'tokenizer.json')))
    tokenizer = { kind: 'tokenizer.json', file: join(dir, 'tokenizer.json') }
  else if (existsSync(join(dir, 'vocab.json')) && existsSync(join(dir, 'merges.txt'))) {
    tokenizer = { kind: 'vocab+merges', vocab: join(dir, 'vocab.json'), merges: join(dir, 'merges.txt') }
  } else {
    throw invalid(
      'The model folder has no tokenizer.json (nor vocab.json + merges.txt).',
      join(dir, 'tokenizer.json'),
      dir
    )
  }

  const available = availableVariants(dir)
  const chosen = variant ?? available[0] ?? 'fp32'
  const textModel = onnxFile(dir, 'text', chosen)
  const visionModel = onnxFile(dir, 'vision', chosen)
  for (const f of [textModel, visionModel]) {
    let size = -1
    try {
      size = (await stat(f)).size
    } catch {
      const others = available.length ? ` Available variants here: ${available.join(', ')}.` : ''
      throw invalid(`The model folder has no onnx/${basename(f)} (variant ${chosen}).${others}`, f, dir)
    }
    if (size === 0) throw invalid(`onnx/${basename(f)} is empty.`, f, dir)
  }

  const c = config.json
  const textCfg = obj(c.text_config)
  const visionCfg = obj(c.vision_config)
  const embedDim =
    num(c.projection_dim) ?? num(textCfg.projection_dim) ?? num(visionCfg.projection_dim) ?? null
  const visionSize = num(visionCfg.image_size) ?? 224
  let preprocess: PreprocessConfig
  try {
    preprocess = parsePreprocess(pre.json, visionSize)
  } catch (err) {
    if (err instanceof AppError) throw invalid(err.message, join(dir, 'preprocessor_config.json'), dir)
    throw err
  }
  const family = modelFamily(c)
  const contextLength = num(textCfg.max_position_embeddings) ?? defaultContextLength(family)
  const scoring: ZeroShotScoring =
    family === 'siglip' ? { kind: 'sigmoid', ...readSigmoidLogits(dir) } : { kind: 'softmax' }

  const tokenizerFiles =
    tokenizer.kind === 'tokenizer.json' ? [tokenizer.file] : [tokenizer.vocab, tokenizer.merges]
  const prints = await Promise.all([textModel, visionModel, ...tokenizerFiles].map(fileFingerprint))
  const modelId = createHash('sha256')
    .update(JSON.stringify({ variant: chosen, prints, config: config.text, pre: pre.text }))
    .digest('hex')
    .slice(0, 32)

  return {
    dir,
    demo,
    variant: chosen,
    availableVariants: available,
    textModel,
    visionModel,
    tokenizer,
    embedDim,
    imageSize: preprocess.cropSize,
    contextLength,
    preprocess,
    modelId,
    family,
    scoring
  }
}
