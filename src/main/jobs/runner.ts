// Runs long jobs (scan, prelabel, rescore, export, download) with ids, progress events and cancel.
import { randomUUID } from 'node:crypto'
import type { JobKind, JobProgress } from '../../shared/contract'
import { AppError, toAppError } from '../../shared/errors'
import { log } from '../log'
import { RateMeter } from './progress'

interface JobContext {
  readonly jobId: string
  readonly signal: AbortSignal
  /** report progress; throttled before it reaches listeners */
  progress(done: number, total: number, message?: string | null): void
  /** a file the job skipped, with why; the job goes on */
  fileError(file: string, reason: string): void
}

export type JobFn = (ctx: JobContext) => Promise<string | null | void>

export interface JobHandle {
  readonly id: string
  readonly kind: JobKind
  /** resolves with the final progress (done, cancelled or failed); never rejects */
  readonly finished: Promise<JobProgress>
}

const MAX_ERRORS_KEPT = 200
const EMIT_EVERY_MS = 200

export class JobRunner {
  private readonly jobs = new Map<
    string,
    { p: JobProgress; ac: AbortController; finished: Promise<JobProgress> }
  >()

  /** `scope`: the open project's path, stamped on each job at its start */
  constructor(
    private readonly onProgress: (p: JobProgress) => void = () => undefined,
    private readonly scope: () => string | null = () => null
  ) {}

  /**
   * Starts `fn` as a job. With `exclusive`, refuses (AppError 'busy') while another running job
   * has the same key.
   */
  start(kind: JobKind, fn: JobFn, opts: { exclusive?: boolean } = {}): JobHandle {
    if (opts.exclusive) {
      for (const j of this.jobs.values()) {
        if (j.p.kind === kind && j.p.state === 'running') {
          throw new AppError('busy', `A ${kind} job is already running; wait for it or cancel it.`, {
            jobId: j.p.jobId
          })
        }
      }
    }
    const id = `${kind}-${randomUUID().slice(0, 8)}`
    const ac = new AbortController()
    const p: JobProgress = {
      jobId: id,
      kind,
      project: this.scope(),
      state: 'running',
      done: 0,
      total: 0,
      rate: 0,
      etaS: null,
      message: null,
      errors: [],
      error: null
    }
    const meter = new RateMeter()
    let lastEmit = 0
    const emit = (force = false): void => {
      const t = performance.now()
      if (!force && t - lastEmit < EMIT_EVERY_MS) return
      lastEmit = t
      this.onProgress({ ...p, errors: [...p.errors] })
    }
    const ctx: JobContext = {
      jobId: id,
      signal: ac.signal,
      progress: (done, total, message) => {
        const s = meter.update(done, total)
        Object.assign(p, s)
        if (message !== undefined) p.message = message
        emit(done === total)
      },
      fileError: (file, reason) => {
        if (p.errors.length < MAX_ERRORS_KEPT) p.errors.push({ file, reason })
        emit()
      }
    }
    const finished = (async (): Promise<JobProgress> => {
      emit(true)
      try {
        const msg = await fn(ctx)
        if (ac.signal.aborted) p.state = 'cancelled'
        else p.state = 'done'
        if (typeof msg === 'string') p.message = msg
      } catch (err) {
        const e = toAppError(err)
        if (ac.signal.aborted || e.code === 'cancelled') {
          p.state = 'cancelled'
        } else {
          if (e.code === 'internal') log('error', `job ${id} failed`, err)
          p.state = 'failed'
          p.error = e.toJSON()
        }
      }
      p.etaS = p.state === 'done' ? 0 : null
      emit(true)
      return { ...p, errors: [...p.errors] }
    })()
    this.jobs.set(id, { p, ac, finished })
    return { id, kind, finished }
  }

  cancel(jobId: string): void {
    const j = this.jobs.get(jobId)
    if (!j) throw new AppError('not_found', `No job ${jobId}.`)
    j.ac.abort()
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => ({ ...j.p, errors: [...j.p.errors] }))
  }

  running(): JobProgress[] {
    return this.list().filter((p) => p.state === 'running')
  }

  /** The final progress of a job started here (so callers await the job instead of polling). */
  finished(jobId: string): Promise<JobProgress> {
    const j = this.jobs.get(jobId)
    if (!j) return Promise.reject(new AppError('not_found', `No job ${jobId}.`))
    return j.finished
  }

  /** Resolves once no job is running, including jobs that running jobs start before they end. */
  async idle(): Promise<void> {
    for (;;) {
      const waits = [...this.jobs.values()].filter((j) => j.p.state === 'running').map((j) => j.finished)
      if (waits.length === 0) return
      await Promise.all(waits)
    }
  }

  /** Cancels every running job and waits for them to settle. */
  async cancelAll(): Promise<void> {
    const waits: Promise<JobProgress>[] = []
    for (const j of this.jobs.values()) {
      if (j.p.state === 'running') {
        j.ac.abort()
        waits.push(j.finished)
      }
    }
    await Promise.all(waits)
  }
}
