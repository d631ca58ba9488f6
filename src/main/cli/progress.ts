// Progress reporting for long CLI runs, always on stderr so stdout stays machine-readable.
// On a terminal it redraws one bar (cli-progress); when stderr is piped or logged it prints a plain
// line at most once a second, because redraw escape codes make log files unreadable.
import { SingleBar } from 'cli-progress'

interface ProgressExtra {
  /** items per second; computed from elapsed time when absent */
  rate?: number
  /** seconds left; computed from the rate when absent, null when unknown */
  etaS?: number | null
}

export interface Progress {
  update(done: number, extra?: ProgressExtra): void
  stop(): void
}

export interface ProgressOptions {
  /** default process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean }
  /** clock in ms, for tests */
  now?: () => number
  /** minimum ms between plain lines (non-TTY); default 1000 */
  intervalMs?: number
}

/** "12s", "3m 05s", "1h 02m"; "--" when unknown. */
export function formatEta(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s) || s < 0) return '--'
  const t = Math.round(s)
  if (t < 60) return `${t}s`
  if (t < 3600) return `${Math.floor(t / 60)}m ${String(t % 60).padStart(2, '0')}s`
  return `${Math.floor(t / 3600)}h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`
}

/** "12.3/s" with sensible precision for both slow (0.42/s) and fast (1520/s) work. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate) || rate <= 0) return '--/s'
  if (rate >= 100) return `${Math.round(rate)}/s`
  if (rate >= 10) return `${rate.toFixed(1)}/s`
  return `${rate.toFixed(2)}/s`
}

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr
  const now = opts.now ?? (() => Date.now())
  const intervalMs = opts.intervalMs ?? 1000
  const start = now()
  let last = { done: 0, rate: '--/s', eta: '--' }
  let stopped = false

  const measure = (done: number, extra?: ProgressExtra): typeof last => {
    const elapsedS = (now() - start) / 1000
    const rate = extra?.rate ?? (elapsedS > 0 ? done / elapsedS : undefined)
    let eta: number | null | undefined = extra?.etaS
    if (eta === undefined) eta = rate && rate > 0 ? Math.max(0, total - done) / rate : null
    return { done, rate: formatRate(rate), eta: formatEta(eta) }
  }

  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {value}/{total} | {rateText} | ETA {etaText}`,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20
    })
    bar.start(total, 0, { rateText: '--/s', etaText: '--' })
    return {
      update(done, extra) {
        if (stopped) return
        last = measure(done, extra)
        bar.update(done, { rateText: last.rate, etaText: last.eta })
      },
      stop() {
        if (stopped) return
        stopped = true
        bar.stop()
      }
    }
  }

  let lastLineAt = -Infinity
  let lastPrintedDone = -1
  const print = (): void => {
    stream.write(`${label}: ${last.done}/${total} | ${last.rate} | ETA ${last.eta}\n`)
    lastPrintedDone = last.done
  }
  return {
    update(done, extra) {
      if (stopped) return
      last = measure(done, extra)
      const t = now()
      if (t - lastLineAt >= intervalMs) {
        lastLineAt = t
        print()
      }
    },
    stop() {
      if (stopped) return
      stopped = true
      // A final line so logs always show where the run ended.
      if (last.done !== lastPrintedDone) print()
    }
  }
}
