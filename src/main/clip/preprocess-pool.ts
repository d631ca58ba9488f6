// A pool of worker threads that decode and preprocess images in parallel with inference.
// Why threads: sharp already decodes on libuv threads, but the exact PIL-bicubic resize and the
// HWC->CHW normalisation are JavaScript; on the main thread they cap a GPU run at ~100 images/s.
// With the pool the main thread only packs ready tensors and runs the model.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../shared/errors'
import type { PreprocessConfig } from './model-folder'
import type { PreprocessReply, PreprocessRequest } from './preprocess-worker'

export interface PreprocessPool {
  readonly size: number
  preprocess(file: string): Promise<Float32Array>
  close(): Promise<void>
}

/**
 * Where the worker's code is: the bundled file beside this module (out/main, packaged app, bench
 * bundle), or the TypeScript source run through tsx (checkout, tests).
 */
function workerEntry(): { code: string; eval: boolean } {
  const js = join(__dirname, 'preprocess-worker.js')
  if (existsSync(js)) return { code: js, eval: false }
  const ts = join(__dirname, 'preprocess-worker.ts')
  // Worker refuses a .ts entry; a one-line CommonJS bootstrap registers tsx first.
  if (existsSync(ts)) return { code: `require('tsx/cjs'); require(${JSON.stringify(ts)})`, eval: true }
  throw new AppError('internal', `preprocess worker not found beside ${__dirname}`)
}

/** Default pool size: leave a core for the main thread and the model's own threads. */
export function defaultPoolSize(): number {
  const env = Number(process.env.ZEBRA_PREPROCESS_WORKERS)
  if (Number.isInteger(env) && env >= 0) return env
  return Math.max(1, Math.min(8, availableParallelism() - 1))
}

export function createPreprocessPool(cfg: PreprocessConfig, size = defaultPoolSize()): PreprocessPool {
  const entry = workerEntry()
  const workers: Worker[] = []
  const pending = new Map<
    number,
    { resolve: (p: Float32Array) => void; reject: (e: Error) => void; worker: Worker }
  >()
  const load = new Map<Worker, number>()
  let nextId = 0
  let closed = false

  const failAll = (w: Worker, err: Error): void => {
    for (const [id, p] of pending) {
      if (p.worker === w) {
        pending.delete(id)
        p.reject(err)
      }
    }
  }

  for (let i = 0; i < size; i++) {
    const w = new Worker(entry.code, { eval: entry.eval })
    w.unref()
    load.set(w, 0)
    w.on('message', (r: PreprocessReply) => {
      const p = pending.get(r.id)
      if (!p) return
      pending.delete(r.id)
      load.set(w, (load.get(w) ?? 1) - 1)
      if (r.ok) p.resolve(r.pixels)
      else p.reject(new AppError(r.code as ErrorCode, r.message, r.details))
    })
    w.on('error', (err) => failAll(w, err))
    w.on('exit', (code) => {
      if (!closed) failAll(w, new AppError('internal', `preprocess worker exited (${code})`))
    })
    workers.push(w)
  }

  return {
    size,
    preprocess(file: string): Promise<Float32Array> {
      if (closed) return Promise.reject(new AppError('internal', 'preprocess pool is closed'))
      // least-loaded worker: images differ a lot in decode cost
      let w = workers[0]!
      for (const c of workers) if ((load.get(c) ?? 0) < (load.get(w) ?? 0)) w = c
      load.set(w, (load.get(w) ?? 0) + 1)
      const id = nextId++
      return new Promise<Float32Array>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker: w })
        const req: PreprocessRequest = { id, file, cfg }
        w.postMessage(req)
      })
    },
    async close(): Promise<void> {
      closed = true
      for (const [, p] of pending) p.reject(new AppError('cancelled', 'preprocessing stopped'))
      pending.clear()
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}
