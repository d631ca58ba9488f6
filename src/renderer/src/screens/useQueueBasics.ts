// What both review queues (useReviewQueue over the project's queue, useListQueue over a fixed list)
// keep the same way: the review counters, refreshed latest-answer-wins; a clock for the session's
// pace; and image URLs with a per-visit suffix.
import { useCallback, useEffect, useState } from 'react'
import type { ReviewStats, ZebraApi } from '../../../shared/contract'
import { call } from '../api'
import { STALE, useLatest } from '../lib/latest'

export interface QueueBasics {
  stats: ReviewStats | null
  /** counters an answer brought (a decision's); a refresh still on its way is dropped */
  setStats(s: ReviewStats): void
  /** asks for the counters again; an older answer arriving later is dropped */
  refreshStats(): void
  /** now, ticking every 5 s (and set on each decision) for rates and ETAs */
  now: number
  setNow(t: number): void
  urlOf(id: number): string
}

export function useQueueBasics(api: ZebraApi): QueueBasics {
  const [stats, setStats] = useState<ReviewStats | null>(null)
  const [now, setNow] = useState(Date.now())
  const statsReq = useLatest()
  // Browsers reuse a decoded image for the same URL within a page, whatever the HTTP cache says:
  // a per-visit suffix makes a file that changed since the last visit load again, while the
  // preloaded images of this visit (same suffix) are reused.
  const [visit] = useState(() => Date.now().toString(36))
  const urlOf = useCallback(
    (id: number) => {
      const u = api.imageUrl(id)
      return `${u}${u.includes('?') ? '&' : '?'}v=${visit}`
    },
    [api, visit]
  )
  const refreshStats = useCallback(() => {
    statsReq
      .run(() => call(api, 'review.stats', {}))
      .then(
        (s) => s !== STALE && setStats(s),
        () => undefined
      )
  }, [api, statsReq])
  const setFresh = useCallback(
    (s: ReviewStats) => {
      statsReq.cancel()
      setStats(s)
    },
    [statsReq]
  )
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000)
    return () => clearInterval(t)
  }, [])
  return { stats, setStats: setFresh, refreshStats, now, setNow, urlOf }
}
