// SigLIP's learned logit scale and bias, read from the model as published. transformers' SiglipModel
// computes logits_per_text = text_embeds @ image_embeds.T * exp(logit_scale) + logit_bias and
// logits_per_image as its transpose; neither number is in config.json, and the text and vision
// graphs do not contain them. The combined graph (onnx/model*.onnx) does: walking back from its
// logits output through the transpose, the Add holds the bias and the Mul the scale, either as one
// folded constant (exp already applied, as Optimum exports) or as Exp over the logit_scale weight.
import { existsSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { AppError } from '../../shared/errors'
import { readGraphSummary, type GraphSummary, type OnnxNode } from './onnx-proto'

export interface SigmoidLogits {
  /** the multiplier of the cosine: exp(logit_scale) */
  scale: number
  bias: number
  /** the graph they were read from, relative to the model folder */
  source: string
}

/** ops a scalar constant or the logits pass through unchanged */
const PASS = new Set(['Identity', 'Cast', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Expand'])
const MAX_STEPS = 32

function evalConst(name: string, g: GraphSummary, producer: Map<string, OnnxNode>, depth = 0): number | null {
  const c = g.consts.get(name)
  if (c) return c.length === 1 ? c[0] : null
  const node = producer.get(name)
  if (!node || depth > MAX_STEPS) return null
  if (node.op === 'Constant') return node.value?.length === 1 ? node.value[0] : null
  const args = node.inputs.map((i) => evalConst(i, g, producer, depth + 1))
  const [a, b] = args
  if (a === null || a === undefined) return null
  if (node.op === 'Exp') return Math.exp(a)
  if (PASS.has(node.op)) return a
  if (b === null || b === undefined) return null
  if (node.op === 'Mul') return a * b
  if (node.op === 'Add') return a + b
  if (node.op === 'Sub') return a - b
  if (node.op === 'Div') return a / b
  return null
}

/** scale and bias from a combined graph's summary; null when the logits are not built that way */
export function logitsFromGraph(g: GraphSummary): { scale: number; bias: number } | null {
  const producer = new Map<string, OnnxNode>()
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n)
  const start = ['logits_per_image', 'logits_per_text'].find((o) => g.outputs.includes(o) || producer.has(o))
  if (!start) return null
  let scale: number | null = null
  let bias: number | null = null
  let cur = start
  for (let step = 0; step < MAX_STEPS; step++) {
    const node = producer.get(cur)
    if (!node) return null
    if (node.op === 'Transpose' || PASS.has(node.op)) {
      cur = node.inputs[0]
      continue
    }
    if (node.op === 'MatMul' || node.op === 'Gemm') break
    const [x, y] = node.inputs
    const cx = evalConst(x, g, producer)
    const cy = evalConst(y, g, producer)
    if ((cx === null) === (cy === null)) return null
    const k = (cx ?? cy) as number
    const data = cx === null ? x : y
    if (node.op === 'Add' && bias === null) bias = k
    else if (node.op === 'Sub' && cy !== null && bias === null) bias = -k
    else if (node.op === 'Mul' && scale === null) scale = k
    else if (node.op === 'Div' && cy !== null && scale === null) scale = 1 / k
    else return null
    cur = data
  }
  if (scale === null || bias === null || !(scale > 0) || !Number.isFinite(bias)) return null
  return { scale, bias }
}

/**
 * Which combined graph to read (and to download): every variant carries the same two numbers, but
 * dynamic quantization leaves scalar constants in float32, so the quantized graph is the smallest
 * exact one (a quarter of model.onnx); fp16 rounds them (about 5e-4 relative), so it comes last.
 */
export const COMBINED_GRAPHS = ['model_quantized.onnx', 'model.onnx', 'model_fp16.onnx'] as const

/** The combined graphs a folder has, in COMBINED_GRAPHS' order, then any other model_*.onnx. */
export function combinedGraphs(dir: string): string[] {
  let names: string[] = []
  try {
    names = readdirSync(join(dir, 'onnx')).filter((n) => /^model(_\w+)?\.onnx$/.test(n))
  } catch {
    return []
  }
  const order: readonly string[] = COMBINED_GRAPHS
  names.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
  return names.map((n) => join(dir, 'onnx', n)).filter((f) => existsSync(f))
}

/**
 * The sigmoid model's scale and bias from the first combined graph that has them. Throws
 * model_invalid when the folder has none: guessing them would misplace every probability.
 */
export function readSigmoidLogits(dir: string): SigmoidLogits {
  const files = combinedGraphs(dir)
  for (const f of files) {
    const found = logitsFromGraph(readGraphSummary(f))
    if (found) return { ...found, source: `onnx/${basename(f)}` }
  }
  throw new AppError(
    'model_invalid',
    files.length
      ? `No logit scale and bias found in ${files.map((f) => `onnx/${basename(f)}`).join(', ')}: SigLIP's logits must be text_embeds · image_embeds × exp(logit_scale) + logit_bias. Download the model again.`
      : `SigLIP's logit scale and bias are weights of the combined graph, and the model folder has none (onnx/model_quantized.onnx or onnx/model.onnx). Download the model again.`,
    { file: join(dir, 'onnx', COMBINED_GRAPHS[0]), remedy: 'choose_model' }
  )
}
