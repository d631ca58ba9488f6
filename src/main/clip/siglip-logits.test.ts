// SigLIP's logit scale and bias come from the combined graph as published, in both forms an export
// leaves them (the 224 fixture keeps Exp over the logit_scale weight, the 256 one a folded
// exp(logit_scale) constant); and, independently, the combined graph run by onnxruntime on a known
// pair gives exactly scale · cos + bias with them.
import { copyFileSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { loadModelFolder } from './model-folder'
import { readGraphSummary } from './onnx-proto'
import {
  SIGLIP_GEOMETRIES,
  siglipCopy,
  siglipDir,
  siglipImages,
  siglipJson,
  siglipPixels,
  siglipTokenCases,
  type SiglipLogitsRef
} from './siglip-fixtures'
import { combinedGraphs, logitsFromGraph, readSigmoidLogits } from './siglip-logits'
import { maxAbsDiff } from './test-fixtures'

describe.each(SIGLIP_GEOMETRIES)('%s logit scale and bias', (g) => {
  const ref = siglipJson<SiglipLogitsRef>(g, 'logits.json')

  it('reads exp(logit_scale) and logit_bias from onnx/model.onnx', async () => {
    const got = readSigmoidLogits(siglipDir(g))
    expect(got.source).toBe('onnx/model.onnx')
    expect(Math.abs(got.scale - ref.scale) / ref.scale).toBeLessThan(1e-6)
    expect(got.bias).toBeCloseTo(ref.bias, 6)
    const folder = await loadModelFolder(siglipDir(g))
    expect(folder.family).toBe('siglip')
    expect(folder.scoring).toEqual({ kind: 'sigmoid', ...got })
  })

  it('matches what the combined graph computes: logits = scale · cos + bias', async () => {
    const { scale, bias } = readSigmoidLogits(siglipDir(g))
    const session = await ort.InferenceSession.create(join(siglipDir(g), 'onnx', 'model.onnx'))
    try {
      const cases = siglipTokenCases().slice(0, ref.texts)
      const ids = BigInt64Array.from(cases.flatMap((c) => c.ids.map(BigInt)))
      const n = siglipImages(g).length
      const px = siglipPixels(g)
      const size = Math.sqrt(px.length / n / 3)
      const out = await session.run({
        input_ids: new ort.Tensor('int64', ids, [cases.length, 64]),
        pixel_values: new ort.Tensor('float32', px, [n, 3, size, size])
      })
      const logits = out.logits_per_image.data as Float32Array
      const t = out.text_embeds.data as Float32Array
      const im = out.image_embeds.data as Float32Array
      const D = t.length / cases.length
      const solved = new Float32Array(logits.length)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < cases.length; j++) {
          let cos = 0
          for (let d = 0; d < D; d++) cos += im[i * D + d] * t[j * D + d]
          solved[i * cases.length + j] = scale * cos + bias
        }
      expect(maxAbsDiff(solved, logits)).toBeLessThanOrEqual(1e-4)
      expect(maxAbsDiff(logits, ref.logits_per_image.flat())).toBeLessThanOrEqual(1e-4)
    } finally {
      await session.release()
    }
  })
})

describe('finding the combined graph', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('reads the quantized graph first (the smallest with float32 scalars), fp16 last', async () => {
    const dir = siglipCopy('siglip2-224')
    dirs.push(dir)
    copyFileSync(join(dir, 'onnx', 'model.onnx'), join(dir, 'onnx', 'model_quantized.onnx'))
    copyFileSync(join(dir, 'onnx', 'model.onnx'), join(dir, 'onnx', 'model_fp16.onnx'))
    copyFileSync(join(dir, 'onnx', 'model.onnx'), join(dir, 'onnx', 'model_q4.onnx'))
    expect(combinedGraphs(dir).map((f) => basename(f))).toEqual([
      'model_quantized.onnx',
      'model.onnx',
      'model_fp16.onnx',
      'model_q4.onnx'
    ])
    expect(readSigmoidLogits(dir).source).toBe('onnx/model_quantized.onnx')
  })

  it('refuses a SigLIP folder without a combined graph, naming the file', async () => {
    const dir = siglipCopy('siglip2-256', ['onnx/model.onnx'])
    dirs.push(dir)
    await expect(loadModelFolder(dir)).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/logit scale and bias are weights of the combined graph/)
    })
  })

  it('finds nothing in a graph whose logits are not scale · cos + bias', async () => {
    const vision = readGraphSummary(join(siglipDir('siglip2-224'), 'onnx', 'vision_model.onnx'))
    expect(logitsFromGraph(vision)).toBeNull()
    const g = readGraphSummary(join(siglipDir('siglip2-224'), 'onnx', 'model.onnx'))
    const noBias = { ...g, nodes: g.nodes.filter((n) => n.op !== 'Add' || !n.inputs.includes('logit_bias')) }
    expect(logitsFromGraph(noBias)).toBeNull()
  })

  it('reports a file that is not ONNX as model_invalid', async () => {
    expect(() => readGraphSummary(join(siglipDir('siglip2-224'), 'config.json'))).toThrow(
      expect.objectContaining({ code: 'model_invalid' })
    )
  })
})
