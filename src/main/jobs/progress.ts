// Rate and ETA over a sliding window, shared by the job runner and the CLI progress line.

export interface ProgressSample {
  done: number
  total: number
  rate: number
  etaS: number | null
}

export class RateMeter {
  private samples: { t: number; done: number }[] = []
  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = () => performance.now()
  ) {}

  update(done: number, total: number): ProgressSample {
    const t = this.now()
    this.samples.push({ t, done })
    while (this.samples.length > 2 && t - this.samples[0]!.t > this.windowMs) this.samples.shift()
    const first = this.samples[0]!
    const dt = (t - first.t) / 1000
    const rate = dt > 0 ? (done - first.done) / dt : 0
    const etaS = rate > 0 ? Math.max(0, (total - done) / rate) : null
    return { done, total, rate, etaS }
  }
}
