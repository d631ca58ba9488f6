// (a) The model's own ceiling: images/s of the vision session on ready tensors, same provider and
// batch as the end-to-end run, so the ratio measures our plumbing and nothing else.
import * as ort from 'onnxruntime-node'

export interface ModelOnlyResult {
  imagesPerS: number
  batches: number
  batch: number
  msPerBatch: number
}

export async function measureModelOnly(
  session: ort.InferenceSession,
  opts: { batch: number; imageSize: number; minSeconds: number; minBatches?: number }
): Promise<ModelOnlyResult> {
  const { batch, imageSize } = opts
  const data = new Float32Array(batch * 3 * imageSize * imageSize)
  // Normalised-pixel-like values; content does not change the cost of a ViT.
  let s = 1
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0
    data[i] = (s / 2 ** 32) * 4 - 2
  }
  const input = session.inputNames[0]
  const feeds = { [input]: new ort.Tensor('float32', data, [batch, 3, imageSize, imageSize]) }
  await session.run(feeds) // warm-up: first run allocates and, on GPUs, compiles
  let batches = 0
  const t0 = performance.now()
  while (batches < (opts.minBatches ?? 3) || performance.now() - t0 < opts.minSeconds * 1000) {
    await session.run(feeds)
    batches++
  }
  const ms = performance.now() - t0
  return { imagesPerS: (batches * batch * 1000) / ms, batches, batch, msPerBatch: ms / batches }
}
