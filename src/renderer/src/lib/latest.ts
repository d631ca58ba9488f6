// "Latest request wins": every screen that can have two requests of one kind in flight (a folder
// listing, a filter change, a page of results, a search) asks through one Latest. Starting a request
// makes all earlier ones stale: their answers and their errors are dropped, so a slow first answer
// can never overwrite what the user asked for afterwards. Plain class (testable without React);
// useLatest() gives each component its own and makes everything stale on unmount.
import { useEffect, useRef } from 'react'

/** What run() resolves to when a later request (or cancel) overtook this one. */
export const STALE: unique symbol = Symbol('stale')
export type Stale = typeof STALE

export interface Ticket {
  /** aborted as soon as the ticket goes stale (pass on to fetch where a transport takes one) */
  readonly signal: AbortSignal
  /** true while no later begin() or cancel() happened */
  current(): boolean
}

export class Latest {
  private seq = 0
  private ctrl: AbortController | null = null

  /** Starts a request: every earlier ticket goes stale. */
  begin(): Ticket {
    this.ctrl?.abort()
    const ctrl = (this.ctrl = new AbortController())
    const mine = ++this.seq
    return { signal: ctrl.signal, current: () => mine === this.seq }
  }

  /**
   * Runs `request` as the latest one: resolves to its value, or to STALE when a later request started
   * meanwhile. A stale request's rejection is dropped as well (nobody is waiting for it any more).
   */
  async run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T | Stale> {
    const t = this.begin()
    try {
      const v = await request(t.signal)
      return t.current() ? v : STALE
    } catch (err) {
      if (!t.current()) return STALE
      throw err
    }
  }

  /** Makes everything in flight stale without starting anything (inputs gone, unmounted). */
  cancel(): void {
    this.ctrl?.abort()
    this.ctrl = null
    this.seq++
  }
}

/** One Latest per component (per call site); cancelled on unmount so late answers set no state. */
export function useLatest(): Latest {
  const ref = useRef<Latest | null>(null)
  if (!ref.current) ref.current = new Latest()
  const latest = ref.current
  useEffect(() => () => latest.cancel(), [latest])
  return latest
}
