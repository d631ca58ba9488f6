// Embedding image files batch by batch, for every engine layout: each batch is preprocessed
// straight into one packed buffer and the next batch is decoded while the current one runs; a file
// that cannot be read gets an error and the rest go on.
import { throwIfAborted } from '../../shared/abort'
import { AppError, toAppError } from '../../shared/errors'
import type { PreprocessConfig } from './model-folder'
import { preprocessImage } from './preprocess'
import type { ImageEmbedResult } from './types'

export interface EmbedImagesOptions {
  batch?: number
  /** called after each batch with the number of files done (failed ones included) */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

export interface ImageModel {
  preprocess: PreprocessConfig
  /** values per preprocessed image (3 x size x size) */
  pixelCount: number
  embedDim: number
  embedPixels(pixels: Float32Array, n: number): Promise<Float32Array>
}

export async function embedImageBatches(
  model: ImageModel,
  files: string[],
  opts: EmbedImagesOptions,
  defaultBatch: number
): Promise<ImageEmbedResult[]> {
  const batch = Math.max(1, opts.batch ?? defaultBatch)
  const per = model.pixelCount
  const results: ImageEmbedResult[] = files.map((file) => ({ file }))

  // Decode one batch into a packed buffer; failed files are recorded and left out.
  const prepare = async (start: number): Promise<{ pixels: Float32Array; ok: number[] }> => {
    const idx = files.slice(start, start + batch).map((_, i) => start + i)
    const pixels = new Float32Array(idx.length * per)
    const settled = await Promise.allSettled(
      idx.map((i, slot) => preprocessImage(files[i], model.preprocess, pixels, slot * per))
    )
    const ok: number[] = []
    settled.forEach((s, slot) => {
      if (s.status === 'fulfilled') {
        // compact in place so the successful images are back to back
        if (ok.length !== slot) pixels.copyWithin(ok.length * per, slot * per, (slot + 1) * per)
        ok.push(idx[slot])
      } else {
        results[idx[slot]].error = toAppError(s.reason).message
      }
    })
    return { pixels, ok }
  }

  let next = files.length ? prepare(0) : null
  for (let start = 0; next; start += batch) {
    throwIfAborted(opts.signal)
    const { pixels, ok } = await next
    // decode the following batch while this one runs
    next = start + batch < files.length ? prepare(start + batch) : null
    if (ok.length) {
      try {
        const embeds = await model.embedPixels(pixels, ok.length)
        const D = model.embedDim
        ok.forEach((fi, k) => {
          results[fi].embedding = embeds.slice(k * D, (k + 1) * D)
        })
      } catch (err) {
        // a model that lies about its outputs is wrong for every file: stop, store nothing
        if (err instanceof AppError && err.code === 'model_invalid') throw err
        const msg = toAppError(err).message
        for (const fi of ok) results[fi].error = `inference failed: ${msg}`
      }
    }
    opts.onProgress?.(Math.min(start + batch, files.length), files.length)
  }
  return results
}
