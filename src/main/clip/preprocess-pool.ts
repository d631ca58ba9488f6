// A pool of worker threads that decode and preprocess images in parallel with inference.
// Why threads: sharp already decodes on libuv threads, but the exact PIL-bicubic resize and the
// HWC->CHW normalisation are JavaScript; on the main thread they cap a GPU run at ~100 images/s.
// With the pool the main thread only packs ready tensors and runs the model.
// A worker that dies mid-run is replaced and its requests go to the replacement; a worker that
// cannot start, or workers that keep dying, fail the whole pool (PreprocessPoolError) so the job
// stops with a reason instead of waiting forever or marking good images unreadable.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../shared/errors'
import type { PreprocessConfig } from './model-folder'
import type { PreprocessReply, PreprocessRequest, RecycleMessage, WorkerData } from './preprocess-worker'

export interface PreprocessPool {
  readonly size: number
  /** workers that died and were replaced so far */
  readonly replaced: number
  preprocess(file: string): Promise<Float32Array>
  /** pixels from preprocess() that are no longer needed: their buffer goes back to a worker */
  release(pixels: Float32Array): void
  close(): Promise<void>
}

/** The pool itself failed (not one image): the job must stop, not mark images unreadable. */
export class PreprocessPoolError extends AppError {
  constructor(message: string, details?: unknown) {
    super('internal', message, details)
    this.name = 'PreprocessPoolError'
  }
}

const WHAT_TO_DO =
  'Nothing after the last saved batch was lost: run it again to resume. If it keeps failing, set ZEBRA_PREPROCESS_WORKERS=0 to preprocess on the main thread, and report the reason above.'

/**
 * Where the worker's code is: the bundled file beside this module (out/main, packaged app, bench
 * bundle), or the TypeScript source run through tsx (checkout, tests). tsx is resolved from this
 * file, never from process.cwd(): an eval'd worker's bare require() resolves from the cwd.
 */
function workerEntry(): { code: string; eval: boolean } {
  const js = join(__dirname, 'preprocess-worker.js')
  if (existsSync(js)) return { code: js, eval: false }
  const ts = join(__dirname, 'preprocess-worker.ts')
  if (existsSync(ts)) {
    const tsx = createRequire(join(__dirname, 'preprocess-pool.ts')).resolve('tsx/cjs')
    // Worker refuses a .ts entry; a one-line CommonJS bootstrap registers tsx first.
    return { code: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)})`, eval: true }
  }
  throw new PreprocessPoolError(`preprocess worker not found beside ${__dirname}`)
}

/** Default pool size: leave a core for the main thread and the model's own threads. */
export function defaultPoolSize(): number {
  const env = Number(process.env.ZEBRA_PREPROCESS_WORKERS)
  if (Number.isInteger(env) && env >= 0) return env
  return Math.max(1, Math.min(8, availableParallelism() - 1))
}

/**
 * Test hook (real worker deaths, no mocks): ZEBRA_TEST_PREPROCESS_CRASH=once:N makes the first
 * worker exit after answering N images; =always makes every worker exit on its first image.
 */
function crashPlan(v: string | undefined, spawned: number): number | undefined {
  if (!v) return undefined
  if (v === 'always') return 0
  const m = /^once:(\d+)$/.exec(v)
  return m && spawned === 0 ? Number(m[1]) : undefined
}

interface Pending {
  req: PreprocessRequest
  resolve: (p: Float32Array) => void
  reject: (e: Error) => void
  /** workers this request was on when they died */
  deaths: number
}

interface Slot {
  worker: Worker
  ready: boolean
  inFlight: Set<number>
  lastError: string | null
}

export function createPreprocessPool(
  cfg: PreprocessConfig,
  size = defaultPoolSize(),
  /** a worker died and was replaced (its images go to the replacement): for the job's log */
  onReplace?: (reason: string) => void
): PreprocessPool {
  const entry = workerEntry()
  const crashMode = process.env.ZEBRA_TEST_PREPROCESS_CRASH?.trim()
  const slots: Slot[] = []
  const pending = new Map<number, Pending>()
  let nextId = 0
  let spawned = 0
  let replaced = 0
  let recycled = 0
  const maxReplacements = size + 2
  let closed = false
  let broken: PreprocessPoolError | null = null

  const failPool = (err: PreprocessPoolError): void => {
    if (broken) return
    broken = err
    for (const [, p] of pending) p.reject(err)
    pending.clear()
    for (const s of slots) void s.worker.terminate()
  }

  // A worker holds the process open only while it has work: an idle pool must not keep the CLI
  // alive, but a busy one must, or Node exits mid-run whenever the main thread waits only on the
  // workers (e.g. while a replacement worker boots on a loaded machine).
  const send = (slot: Slot, p: Pending): void => {
    slot.inFlight.add(p.req.id)
    slot.worker.ref()
    slot.worker.postMessage(p.req)
  }

  const spawn = (): Slot => {
    const workerData: WorkerData = { crashAfter: crashPlan(crashMode, spawned++) }
    const w = new Worker(entry.code, { eval: entry.eval, workerData })
    w.unref()
    const slot: Slot = { worker: w, ready: false, inFlight: new Set(), lastError: null }
    w.on('message', (r: PreprocessReply) => {
      if ('ready' in r) {
        slot.ready = true
        return
      }
      slot.inFlight.delete(r.id)
      if (slot.inFlight.size === 0) slot.worker.unref()
      const p = pending.get(r.id)
      if (!p) return
      pending.delete(r.id)
      if (r.ok) p.resolve(r.pixels)
      else p.reject(new AppError(r.code as ErrorCode, r.message, r.details))
    })
    w.on('error', (err) => {
      slot.lastError = String(err?.message ?? err).split('\n')[0] ?? null
    })
    w.on('exit', (code) => {
      if (closed || broken) return
      onDeath(slot, code)
    })
    return slot
  }

  const onDeath = (slot: Slot, code: number): void => {
    const why = slot.lastError ?? `exit code ${code}`
    const orphans = [...slot.inFlight].map((id) => pending.get(id)).filter((p): p is Pending => !!p)
    if (!slot.ready) {
      failPool(
        new PreprocessPoolError(`The image preprocessing worker could not start (${why}). ${WHAT_TO_DO}`, {
          reason: why
        })
      )
      return
    }
    const poison = orphans.find((p) => ++p.deaths >= 2)
    if (replaced >= maxReplacements || poison) {
      const file = poison ? `; last on ${poison.req.file}` : ''
      failPool(
        new PreprocessPoolError(
          `Image preprocessing workers keep dying (${why}${file}; ${replaced} replaced). ${WHAT_TO_DO}`,
          { reason: why, replaced }
        )
      )
      return
    }
    replaced++
    onReplace?.(why)
    const fresh = spawn()
    slots[slots.indexOf(slot)] = fresh
    for (const p of orphans) send(fresh, p)
  }

  for (let i = 0; i < size; i++) slots.push(spawn())

  return {
    size,
    get replaced() {
      return replaced
    },
    preprocess(file: string): Promise<Float32Array> {
      if (broken) return Promise.reject(broken)
      if (closed) return Promise.reject(new AppError('internal', 'preprocess pool is closed'))
      // least-loaded worker: images differ a lot in decode cost
      let slot = slots[0]!
      for (const c of slots) if (c.inFlight.size < slot.inFlight.size) slot = c
      const id = nextId++
      return new Promise<Float32Array>((resolve, reject) => {
        const p: Pending = { req: { id, file, cfg }, resolve, reject, deaths: 0 }
        pending.set(id, p)
        send(slot, p)
      })
    },
    release(pixels: Float32Array): void {
      if (closed || broken || pixels.byteOffset !== 0) return
      const slot = slots[recycled++ % slots.length]!
      const buffer = pixels.buffer as ArrayBuffer
      slot.worker.postMessage({ recycle: buffer } satisfies RecycleMessage, [buffer])
    },
    async close(): Promise<void> {
      closed = true
      for (const [, p] of pending) p.reject(new AppError('cancelled', 'preprocessing stopped'))
      pending.clear()
      // A worker being terminated holds nothing open while it finishes a native decode, so Node
      // could end the process with this close still pending (seen after Ctrl+C on a loaded
      // machine: exit 1 "stopped before finishing" instead of 130). A timer keeps the wait alive.
      const keepAlive = setInterval(() => undefined, 1000)
      try {
        await Promise.all(slots.map((s) => s.worker.terminate()))
      } finally {
        clearInterval(keepAlive)
      }
    }
  }
}
