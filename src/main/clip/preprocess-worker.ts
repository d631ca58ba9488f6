// Worker-thread side of the preprocessing pool: decode (sharp) + exact CLIP resize/crop/normalise,
// off the main thread, so the thread that feeds the model never does per-pixel work.
import { parentPort, workerData } from 'node:worker_threads'
import sharp from 'sharp'
import { AppError } from '../../shared/errors'
import type { PreprocessConfig } from './model-folder'
import { preprocessImage } from './preprocess'

export interface PreprocessRequest {
  id: number
  file: string
  cfg: PreprocessConfig
}

/** crashAfter: test hook (see preprocess-pool.ts crashPlan): exit after answering this many images */
export interface WorkerData {
  crashAfter?: number
}

export type PreprocessReply =
  | { ready: true }
  | { id: number; ok: true; pixels: Float32Array }
  | { id: number; ok: false; code: string; message: string; details?: unknown }

// The pool is the parallelism: one libvips thread per worker (libvips' own pool, sized to every
// core in every worker, oversubscribes the machine and spends CPU handing tiles between threads),
// and no libvips operation cache (no image is decoded twice; the cache only holds memory).
sharp.concurrency(1)
sharp.cache(false)

const crashAfter = (workerData as WorkerData | null)?.crashAfter
let answered = 0

/** A buffer the pool is done with, handed back (transferred) for the next image. */
export interface RecycleMessage {
  recycle: ArrayBuffer
}

// Output buffers come back once their pixels are in the batch tensor: no 600 KB allocation (and
// no garbage for V8 to collect on both threads) per image.
const spare: Float32Array[] = []

parentPort?.on('message', (req: PreprocessRequest | RecycleMessage) => {
  if ('recycle' in req) {
    if (spare.length < 8) spare.push(new Float32Array(req.recycle))
    return
  }
  // a real thread death, mid-request, for the pool's replacement and fail-fast tests
  if (crashAfter !== undefined && answered >= crashAfter) process.exit(70)
  answered++
  const size = 3 * req.cfg.cropSize * req.cfg.cropSize
  let out = spare.pop()
  while (out && out.length !== size) out = spare.pop()
  preprocessImage(req.file, req.cfg, out).then(
    (pixels) => {
      const reply: PreprocessReply = { id: req.id, ok: true, pixels }
      // transfer, not copy: 600 KB per image at 224 px
      parentPort!.postMessage(reply, [pixels.buffer as ArrayBuffer])
    },
    (err: unknown) => {
      const e =
        err instanceof AppError
          ? err
          : new AppError('image_unreadable', String((err as Error)?.message ?? err))
      const reply: PreprocessReply = {
        id: req.id,
        ok: false,
        code: e.code,
        message: e.message,
        details: e.details
      }
      parentPort!.postMessage(reply)
    }
  )
})

// modules loaded: from here on a death is a crash, not a failure to start
parentPort?.postMessage({ ready: true } satisfies PreprocessReply)
