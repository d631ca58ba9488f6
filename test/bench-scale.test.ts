// The review-at-scale benchmark runs on a small size in CI (the big sizes are `npm run bench --
// --scale-only --sizes 10k,100k,1m`): every figure comes back, from the same functions the app calls.
import { describe, expect, it } from 'vitest'
import { describeScale, measureScale, parseSize } from '../bench/lib/scale'

describe('bench: review at scale', () => {
  it('measures every review figure on a 3,000-image synthetic project', async () => {
    const r = await measureScale(3000, 3)
    expect(r.images).toBe(3000)
    for (const v of [
      r.decide_ms,
      r.decide_next_ms.file!,
      r.decide_next_ms.lowest_confidence!,
      r.decide_next_p90_ms.file!,
      r.next_ms.file!,
      r.next_ms.lowest_confidence!,
      r.next_alternating_ms,
      r.queue_total_ms,
      r.stats_ms,
      r.grid_ms.first,
      r.grid_ms.page5,
      r.grid_ms.all_labels,
      r.grid_counts_ms,
      r.grid_threshold_ms,
      r.bulk_accept.ms,
      r.bulk_accept.undo_ms,
      r.bulk_1000.ms,
      r.bulk_1000.undo_ms,
      r.export_csv.ms
    ])
      expect(Number.isFinite(v) && v >= 0).toBe(true)
    // one label of 100 holds about 1% of the unreviewed images
    expect(r.bulk_accept.images).toBeGreaterThan(0)
    expect(r.bulk_1000.images).toBe(1000)
    // 30% reviewed by the builder plus the 6 decisions of the decide + next loops
    expect(r.export_csv.decisions).toBeGreaterThan(800)
    expect(describeScale(r)).toContain('decide + next')
  })

  it('reads --sizes as counts with k and m suffixes, and refuses anything else', () => {
    expect(['10k', '100k', '1m', '2500', '1.5M'].map(parseSize)).toEqual([
      10_000, 100_000, 1_000_000, 2500, 1_500_000
    ])
    for (const bad of ['', 'ten', '10x', '-5', '50']) expect(() => parseSize(bad)).toThrow(/Not a size/)
  })
})
