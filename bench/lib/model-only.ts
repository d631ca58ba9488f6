// (a) The model's own ceiling: images/s of the vision session on ready tensors, with the same
// engine, provider and batch as the end-to-end run, so the ratio measures our plumbing only.

export interface ModelOnlyResult {
  imagesPerS: number
  batches: number
  batch: number
  msPerBatch: number
}

export async function measureModelOnly(
  run: (pixels: Float32Array, n: number) => Promise<Float32Array>,
  opts: { batch: number; imageSize: number; minSeconds: number; minBatches?: number }
): Promise<ModelOnlyResult> {
  const { batch, imageSize } = opts
  const data = new Float32Array(batch * 3 * imageSize * imageSize)
  // Normalised-pixel-like values; content does not change the cost of a ViT.
  let s = 1
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    data[i] = (s / 2 ** 32) * 4 - 2
  }
  await run(data, batch) // warm-up: first run allocates and, on GPUs, compiles shaders
  let batches = 0
  const t0 = performance.now()
  while (batches < (opts.minBatches ?? 3) || performance.now() - t0 < opts.minSeconds * 1000) {
    await run(data, batch)
    batches++
  }
  const ms = performance.now() - t0
  return { imagesPerS: (batches * batch * 1000) / ms, batches, batch, msPerBatch: ms / batches }
}
