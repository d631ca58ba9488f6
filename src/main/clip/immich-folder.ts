// Reads a model folder in Immich's layout (immich-app/* repos on the Hub, e.g. the M-CLIP exports
// immich-app/XLM-Roberta-Large-Vit-B-32), as published:
//   config.json                 open_clip's model config: embed_dim, vision_cfg.image_size,
//                               text_cfg.context_length
//   textual/model.onnx          input_ids (+ attention_mask) -> one L2-normalised embedding
//   textual/tokenizer.json      Hugging Face tokenizer (+ tokenizer_config.json, special_tokens_map.json)
//   visual/model.onnx           image -> one L2-normalised embedding
//   visual/preprocess_cfg.json  open_clip's preprocess config: size, mean, std, interpolation, resize_mode
// The graphs' input and output names, dtypes and fixed dimensions are read from the graphs on load
// (immich-graph.ts), not assumed.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import type { Variant } from '../../shared/contract'
import {
  availableVariants,
  fileFingerprint,
  resolveModelDir,
  type ModelFolder,
  type PreprocessConfig
} from './model-folder'
import { resampleFilterName } from './resample'

type Json = Record<string, unknown>

/** Whether a folder is in Immich's layout (a textual/ or visual/ model beside config.json). */
export function isImmichLayout(dir: string): boolean {
  return (
    existsSync(join(dir, 'config.json')) &&
    (existsSync(join(dir, 'textual', 'model.onnx')) || existsSync(join(dir, 'visual', 'model.onnx')))
  )
}

/** The variants a model folder has complete: Immich's layout has one, fp32 (textual/ + visual/). */
export function folderVariants(dir: string): Variant[] {
  return isImmichLayout(dir) ? ['fp32'] : availableVariants(dir)
}

function invalid(message: string, file: string): AppError {
  return new AppError(
    'model_invalid',
    `${message} Download the model again, or choose a complete folder in Immich's layout (config.json, textual/, visual/).`,
    { file, remedy: 'choose_model' }
  )
}

async function readJson(file: string): Promise<{ text: string; json: Json }> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw invalid(`The model folder has no ${file}.`, file)
  }
  try {
    const json = JSON.parse(text) as unknown
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object')
    return { text, json: json as Json }
  } catch (err) {
    throw invalid(`${file} is not valid JSON (${(err as Error).message}).`, file)
  }
}

async function requireFile(file: string): Promise<void> {
  let size = -1
  try {
    size = (await stat(file)).size
  } catch {
    throw invalid(`The model folder has no ${file}.`, file)
  }
  if (size === 0) throw invalid(`${file} is empty.`, file)
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {})
const triple = (v: unknown): [number, number, number] | undefined =>
  Array.isArray(v) && v.length === 3 && v.every((x) => num(x) !== undefined)
    ? (v as [number, number, number])
    : undefined

// open_clip's interpolation names and PIL's filter numbers
const FILTERS: Record<string, number> = { nearest: 0, bilinear: 2, bicubic: 3, lanczos: 1 }

/**
 * open_clip's preprocess config as Zebra's preprocessing: 'shortest' resizes the short side and
 * centre-crops (openai CLIP's pipeline), 'squash' resizes to the square. 'longest' pads, which
 * Zebra does not do: refused by name rather than embedding differently from the model's training.
 */
function parseOpenClipPreprocess(cfg: Json, file: string): PreprocessConfig {
  const size = Array.isArray(cfg.size) ? cfg.size : [cfg.size, cfg.size]
  const [h, w] = size.map(num)
  if (h === undefined || w === undefined || h !== w)
    throw invalid(`${file} has no square "size" (got ${JSON.stringify(cfg.size)}).`, file)
  const mode = typeof cfg.resize_mode === 'string' ? cfg.resize_mode : 'shortest'
  if (mode !== 'shortest' && mode !== 'squash')
    throw invalid(`${file} asks for resize_mode "${mode}", which Zebra does not support.`, file)
  const interpolation = typeof cfg.interpolation === 'string' ? cfg.interpolation : 'bicubic'
  const resample = FILTERS[interpolation]
  if (resample === undefined)
    throw invalid(`${file} asks for unknown interpolation "${interpolation}".`, file)
  resampleFilterName(resample)
  const mean = triple(cfg.mean)
  const std = triple(cfg.std)
  if (!mean || !std) throw invalid(`${file} has no mean and std of three channels.`, file)
  return {
    shortestEdge: h,
    ...(mode === 'squash' ? { resizeTo: { width: h, height: h } } : {}),
    cropSize: h,
    mean,
    std,
    rescaleFactor: 1 / 255,
    resample
  }
}

/** What the text side needs: the graph, the tokenizer folder, the context length, an id. */
export interface ImmichTextual {
  dir: string
  model: string
  /** text_cfg.context_length (Immich pads and truncates every prompt to it) */
  contextLength: number
  /** open_clip's embed_dim, when config.json says */
  embedDim: number | null
  /** stable id of (graph, tokenizer, context length) */
  id: string
}

export async function loadImmichTextual(dirArg: string): Promise<ImmichTextual> {
  const dir = resolveModelDir(dirArg)
  const config = await readJson(join(dir, 'config.json'))
  const textual = join(dir, 'textual')
  const model = join(textual, 'model.onnx')
  await requireFile(model)
  await requireFile(join(textual, 'tokenizer.json'))
  const contextLength = num(obj(config.json.text_cfg).context_length) ?? 77
  const prints = await Promise.all([model, join(textual, 'tokenizer.json')].map(fileFingerprint))
  // a graph over 2 GB keeps its weights in files beside model.onnx: their names and sizes count too
  const files = await readdir(textual, { withFileTypes: true })
  const sizes = await Promise.all(
    files.filter((f) => f.isFile()).map(async (f) => `${f.name}:${(await stat(join(textual, f.name))).size}`)
  )
  const id = createHash('sha256')
    .update(JSON.stringify({ prints, sizes: sizes.sort(), contextLength }))
    .digest('hex')
    .slice(0, 32)
  return { dir: textual, model, contextLength, embedDim: num(config.json.embed_dim) ?? null, id }
}

/** The whole folder as the engine wants it; `tokenizer` points at textual/tokenizer.json. */
export async function loadImmichFolder(dirArg: string): Promise<ModelFolder & { textual: ImmichTextual }> {
  const dir = resolveModelDir(dirArg)
  const textual = await loadImmichTextual(dir)
  const visionModel = join(dir, 'visual', 'model.onnx')
  await requireFile(visionModel)
  const preFile = join(dir, 'visual', 'preprocess_cfg.json')
  const pre = await readJson(preFile)
  const preprocess = parseOpenClipPreprocess(pre.json, preFile)
  const modelId = createHash('sha256')
    .update(
      JSON.stringify({
        layout: 'immich',
        text: textual.id,
        vision: await fileFingerprint(visionModel),
        pre: pre.text
      })
    )
    .digest('hex')
    .slice(0, 32)
  return {
    dir,
    demo: false,
    // M-CLIP is trained into OpenAI CLIP's space: its scores are CLIP's softmax
    family: 'clip',
    scoring: { kind: 'softmax' },
    variant: 'fp32',
    availableVariants: ['fp32'],
    textModel: textual.model,
    visionModel,
    tokenizer: { kind: 'tokenizer.json', file: join(textual.dir, 'tokenizer.json') },
    embedDim: textual.embedDim,
    imageSize: preprocess.cropSize,
    contextLength: textual.contextLength,
    preprocess,
    modelId,
    textual
  }
}
