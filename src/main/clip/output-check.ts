// Checks an ONNX output against what the model folder promised. A config.json whose projection_dim
// does not match the graph would otherwise slice embeddings at the wrong stride and store wrong
// vectors without a word, so every output is checked (on load with a probe, then on every batch).
import type * as ort from 'onnxruntime-node'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'

export interface OutputExpectation {
  /** the .onnx file the output came from (named in the message) */
  file: string
  /** output name, e.g. 'image_embeds' */
  name: string
  rows: number
  dim: number
}

/** Throws AppError('model_invalid') naming the file and the numbers unless `t` is float32 [rows, dim]. */
export function checkEmbedOutput(t: ort.Tensor | undefined, e: OutputExpectation): Float32Array {
  const onnx = `onnx/${basename(e.file)}`
  const want = `float32 [${e.rows}, ${e.dim}]`
  if (!t) {
    throw new AppError('model_invalid', `${onnx} has no output named ${e.name} (expected ${want}).`, {
      file: e.file
    })
  }
  const dims = [...t.dims]
  const got = `${t.type} [${dims.join(', ')}]`
  const ok =
    t.type === 'float32' &&
    dims.length === 2 &&
    dims[0] === e.rows &&
    dims[1] === e.dim &&
    (t.data as Float32Array).length === e.rows * e.dim
  if (!ok) {
    const hint =
      dims.length === 2 && dims[1] !== e.dim
        ? ` config.json says projection_dim ${e.dim} but the model outputs ${dims[1]} values per row: fix config.json or use a matching model.`
        : ''
    throw new AppError(
      'model_invalid',
      `${onnx} output ${e.name} is ${got}, expected ${want}.${hint} No embeddings were stored from it.`,
      { file: e.file, expected: want, got }
    )
  }
  return t.data as Float32Array
}
