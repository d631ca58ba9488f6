// What an Immich-layout graph takes and gives, read from the graph itself: Immich's exporters have
// changed names and shapes over time (image_embedding, then embedding; dynamic batch axes, then
// fixed [1, 77] int32 inputs), and a published file is whichever export made it.
import * as ort from 'onnxruntime-node'
import { AppError } from '../../shared/errors'

type Meta = readonly ort.InferenceSession.ValueMetadata[]

export interface TextGraphIo {
  ids: string
  /** attention_mask when the graph takes one (M-CLIP's mean pooling needs it) */
  mask: string | null
  dtype: 'int32' | 'int64'
  /** the sequence length when the graph fixes it (Immich: 77), else null */
  fixedLength: number | null
  /** the batch size when the graph fixes it (Immich: 1), else null */
  fixedBatch: number | null
  output: string
}

export interface VisionGraphIo {
  input: string
  output: string
  fixedBatch: number | null
  /** the square input size the graph declares, else null */
  size: number | null
}

const fixed = (d: number | string | undefined): number | null => (typeof d === 'number' && d > 0 ? d : null)

function shapeOf(meta: Meta, name: string): readonly (number | string)[] {
  const m = meta.find((v) => v.name === name)
  return m && m.isTensor ? m.shape : []
}

function pick(meta: Meta, names: RegExp): string | undefined {
  return meta.find((m) => names.test(m.name))?.name
}

// the embedding output: Immich's current and older names, Hugging Face's, else the first output
const EMBED_OUTPUT = /^(embedding|text_embedding|image_embedding|text_embeds|image_embeds)$/

function bad(file: string, why: string): AppError {
  return new AppError('model_invalid', `${file} ${why}. Download the model again or choose another folder.`, {
    file,
    remedy: 'choose_model'
  })
}

export function textGraphIo(session: ort.InferenceSession, file: string): TextGraphIo {
  const inputs = session.inputMetadata
  const ids = pick(inputs, /^(input_ids|text|ids)$/) ?? inputs[0]?.name
  if (!ids) throw bad(file, 'has no inputs')
  const mask = pick(inputs, /attention_mask|^mask$/) ?? null
  const meta = inputs.find((m) => m.name === ids)
  const type = meta && meta.isTensor ? meta.type : 'int64'
  if (type !== 'int32' && type !== 'int64') throw bad(file, `takes ${type} token ids, not int32 or int64`)
  const shape = shapeOf(inputs, ids)
  const output = pick(session.outputMetadata, EMBED_OUTPUT) ?? session.outputNames[0]
  if (!output) throw bad(file, 'has no outputs')
  return { ids, mask, dtype: type, fixedLength: fixed(shape[1]), fixedBatch: fixed(shape[0]), output }
}

export function visionGraphIo(session: ort.InferenceSession, file: string): VisionGraphIo {
  const input = pick(session.inputMetadata, /^(image|pixel_values|input)$/) ?? session.inputNames[0]
  const output = pick(session.outputMetadata, EMBED_OUTPUT) ?? session.outputNames[0]
  if (!input || !output) throw bad(file, 'has no image input or no output')
  const shape = shapeOf(session.inputMetadata, input)
  const h = fixed(shape[2])
  return { input, output, fixedBatch: fixed(shape[0]), size: h !== null && h === fixed(shape[3]) ? h : null }
}

/** An integer tensor of the graph's dtype. */
export function intTensor(dtype: 'int32' | 'int64', values: ArrayLike<number>, dims: number[]): ort.Tensor {
  if (dtype === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims)
  return new ort.Tensor('int64', BigInt64Array.from(Array.from(values, (v) => BigInt(v))), dims)
}
