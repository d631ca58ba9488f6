// Review at scale: a synthetic project of N images (rows only; 100 labels, 30%
// reviewed) answers the review loop through the same functions the app and the CLI call:
// decide, next image (with its position and total), alternating-order next, queue totals, the
// review stats the screen rereads after each decision, grid pages of 200 (one label, all labels),
// the grid's per-label counts and a threshold's expected precision, a bulk accept of 1000 grid images and of one label's rule with
// their undo, and a CSV export of the decisions.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportProject } from '../../src/main/export/export'
import { undo } from '../../src/main/db/decisions'
import { AppError } from '../../src/shared/errors'
import { acceptRule, bulkDecide, decide, nextItem, reviewStats } from '../../src/main/db/ops'
import { ReviewSession } from '../../src/main/services/core/review-session'
import { gridCounts, gridPage } from '../../src/main/db/grid'
import { thresholdEstimate } from '../../src/main/db/grid-threshold'
import { queueTotal, type QueueQuery } from '../../src/main/db/queues'
import { createSyntheticProject } from '../../src/main/db/testing/synthetic'

export interface ScaleResult {
  images: number
  build_s: number
  file_mb: number
  /** median ms of one decision (one append + current-label refresh, its own transaction) */
  decide_ms: number
  /** median ms of the next image's full answer (id, position, total, suggestions) after a decision */
  next_ms: Record<string, number>
  /** median ms of decide + the next image's full answer (id, position, total, suggestions) */
  decide_next_ms: Record<string, number>
  /** 90th percentile of decide + next (a WAL checkpoint lands in about one decision of 30) */
  decide_next_p90_ms: Record<string, number>
  /**
   * one key press as the server answers it (review.decide through the review service: the
   * decision, the next 5 items with their suggestions and positions, and the counters): p50, p90
   */
  key_press_ms: Record<string, { p50: number; p90: number }>
  /** median ms of next image alternating file / lowest_confidence orders (no decisions between) */
  next_alternating_ms: number
  /** median ms of one queue total right after a decision (nothing memoised) */
  queue_total_ms: number
  /** median ms of the review stats (project counts) right after a decision */
  stats_ms: number
  /** median ms of a 200-row grid page with its total: one label's first page and page 5, all labels' first page */
  grid_ms: { first: number; page5: number; all_labels: number }
  /** median ms of the grid's per-label counts */
  grid_counts_ms: number
  /** median ms of "select p ≥ x"'s expected precision and coverage (all labels, unreviewed) */
  grid_threshold_ms: number
  /** a bulk rule on one label (about 1% of the images) and its undo */
  bulk_accept: { images: number; ms: number; undo_ms: number }
  /** a grid selection of 1000 images accepted in one step, and its undo */
  bulk_1000: { images: number; ms: number; undo_ms: number }
  export_csv: { decisions: number; ms: number }
  samples: number
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!
}
const median = (xs: number[]): number => quantile(xs, 0.5)

/** `10k`, `100k`, `1m`, `2500`: a bench size (for --sizes). */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim())
  if (!m) throw new Error(`Not a size: "${s}" (use a count such as 10000, 10k or 1m).`)
  const n = Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1)
  if (!Number.isInteger(n) || n < 100) throw new Error(`Not a size: "${s}" (at least 100 images).`)
  return n
}

export async function measureScale(images: number, samples = 30): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-bench-scale-'))
  try {
    const t0 = performance.now()
    const p = createSyntheticProject(join(dir, 'scale.zebra'), join(dir, 'images'), {
      images,
      labels: 100,
      reviewed: 0.3,
      seed: 1
    })
    const build_s = (performance.now() - t0) / 1000
    p.db.exec('ANALYZE')
    // start from the file as a person opens it later, not from the build's last big write
    p.db.pragma('wal_checkpoint(TRUNCATE)')
    const labels = p.labels().map((l) => l.id)

    const decideNext: Record<string, number> = {}
    const decideNextP90: Record<string, number> = {}
    const nextTimes: Record<string, number> = {}
    const decideTimes: number[] = []
    for (const order of ['file', 'lowest_confidence'] as const) {
      const q: QueueQuery = { order, status: 'unreviewed' }
      // start mid-queue: counting rows ahead would be at its dearest there
      let cur = nextItem(p, q, Math.floor(images / 2))!.image.id
      const loop: number[] = []
      const next: number[] = []
      for (let i = 0; i < samples; i++) {
        const t = performance.now()
        decide(p, { imageId: cur, kind: 'accepted', rank: 1 }, 'bench')
        const td = performance.now()
        const item = nextItem(p, q, cur)!
        const tn = performance.now()
        loop.push(tn - t)
        next.push(tn - td)
        decideTimes.push(td - t)
        cur = item.image.id
      }
      decideNext[order] = median(loop)
      decideNextP90[order] = quantile(loop, 0.9)
      nextTimes[order] = median(next)
    }

    // one key press, server side: what review.decide answers the screen (one round trip)
    const keyPress: Record<string, { p50: number; p90: number }> = {}
    const session = new ReviewSession({
      project: () => p,
      annotator: () => 'bench-key',
      engine: () => Promise.reject(new AppError('no_model', 'the bench loads no model here'))
    })
    for (const order of ['file', 'lowest_confidence'] as const) {
      const q: QueueQuery = { order, status: 'unreviewed' }
      let cur = (await session.next(q, Math.floor(images / 3)))!.image.id
      const times: number[] = []
      for (let i = 0; i < samples; i++) {
        const t = performance.now()
        const step = await session.decide({
          imageId: cur,
          kind: 'accepted',
          rank: 1,
          then: { query: q, ahead: 5 }
        })
        times.push(performance.now() - t)
        cur = step.next[0]!.image.id
      }
      keyPress[order] = { p50: median(times), p90: quantile(times, 0.9) }
    }

    const alt: number[] = []
    let from: number | undefined
    for (let i = 0; i < samples; i++) {
      const t = performance.now()
      const item = nextItem(p, { order: i % 2 ? 'lowest_confidence' : 'file', status: 'unreviewed' }, from)
      alt.push(performance.now() - t)
      from = item?.image.id
    }

    const totals: number[] = []
    const stats: number[] = []
    const unrev = nextItem(p, { order: 'file', status: 'unreviewed' })!.image.id
    for (let i = 0; i < samples; i++) {
      // a skip and its undo change the counts; the total is then read fresh
      decide(p, { imageId: unrev, kind: 'skipped' }, 'bench-totals')
      const t = performance.now()
      queueTotal(p.db, { order: 'lowest_confidence', status: 'unreviewed' })
      queueTotal(p.db, { order: 'file', status: 'reviewed' })
      const ts = performance.now()
      totals.push((ts - t) / 2)
      reviewStats(p)
      stats.push(performance.now() - ts)
      undo(p.db, 'bench-totals')
    }

    const first: number[] = []
    const page5: number[] = []
    const allLabels: number[] = []
    const counts: number[] = []
    const threshold: number[] = []
    for (let i = 0; i < samples; i++) {
      const labelId = labels[i % labels.length]!
      const g = { labelId, limit: 200, minProb: 0, status: 'unreviewed' as const }
      let t = performance.now()
      gridPage(p.db, { ...g, offset: 0 })
      first.push(performance.now() - t)
      t = performance.now()
      gridPage(p.db, { ...g, offset: 800 })
      page5.push(performance.now() - t)
      t = performance.now()
      gridPage(p.db, { offset: 0, limit: 200, minProb: (i % 5) / 10, status: 'unreviewed' })
      allLabels.push(performance.now() - t)
      t = performance.now()
      gridCounts(p.db, 'unreviewed')
      counts.push(performance.now() - t)
      t = performance.now()
      thresholdEstimate(p.db, { minProb: (i % 5) / 10, status: 'unreviewed' })
      threshold.push(performance.now() - t)
    }

    // a grid selection of 1000 unreviewed images (what the grid's "accept selected" sends), then its undo
    const picked = gridPage(p.db, { offset: 0, limit: 1000, minProb: 0, status: 'unreviewed' }).rows
    const tg = performance.now()
    const gridN = bulkDecide(
      p,
      picked.map((r) => r.imageId),
      'accept',
      'bench-grid'
    )
    const gridMs = performance.now() - tg
    const tgu = performance.now()
    undo(p.db, 'bench-grid')
    const gridUndoMs = performance.now() - tgu

    // a bulk rule on one label (about 1% of the images at 100 labels), then its undo
    const tb = performance.now()
    const bulkN = acceptRule(p, 0, 'bench-bulk', labels[3])
    const bulkMs = performance.now() - tb
    const tu = performance.now()
    undo(p.db, 'bench-bulk')
    const undoMs = performance.now() - tu

    const decisions = p.counts().reviewed
    const te = performance.now()
    await exportProject(p, { format: 'csv', outDir: join(dir, 'export') })
    const exportMs = performance.now() - te
    p.db.pragma('wal_checkpoint(TRUNCATE)')
    const file_mb = statSync(join(dir, 'scale.zebra')).size / 1e6
    p.close()
    return {
      images,
      build_s,
      file_mb,
      decide_ms: median(decideTimes),
      next_ms: nextTimes,
      decide_next_ms: decideNext,
      decide_next_p90_ms: decideNextP90,
      key_press_ms: keyPress,
      next_alternating_ms: median(alt),
      queue_total_ms: median(totals),
      stats_ms: median(stats),
      grid_ms: { first: median(first), page5: median(page5), all_labels: median(allLabels) },
      grid_counts_ms: median(counts),
      grid_threshold_ms: median(threshold),
      bulk_accept: { images: bulkN, ms: bulkMs, undo_ms: undoMs },
      bulk_1000: { images: gridN, ms: gridMs, undo_ms: gridUndoMs },
      export_csv: { decisions, ms: exportMs },
      samples
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function describeScale(s: ScaleResult): string {
  const f = (x: number): string => x.toFixed(2)
  return [
    `scale: ${s.images} images (built in ${s.build_s.toFixed(1)} s, ${s.file_mb.toFixed(0)} MB), medians of ${s.samples}:`,
    `  decide ${f(s.decide_ms)} ms; next after it: file ${f(s.next_ms.file!)} ms, lowest_confidence ${f(s.next_ms.lowest_confidence!)} ms`,
    `  decide + next: file ${f(s.decide_next_ms.file!)} ms (p90 ${f(s.decide_next_p90_ms.file!)}), lowest_confidence ${f(s.decide_next_ms.lowest_confidence!)} ms (p90 ${f(s.decide_next_p90_ms.lowest_confidence!)})`,
    `  one key press (review.decide: decision, next 5 items, counters): file p50 ${f(s.key_press_ms.file!.p50)} ms (p90 ${f(s.key_press_ms.file!.p90)}), lowest_confidence p50 ${f(s.key_press_ms.lowest_confidence!.p50)} ms (p90 ${f(s.key_press_ms.lowest_confidence!.p90)})`,
    `  next (alternating orders) ${f(s.next_alternating_ms)} ms; queue total after a change ${f(s.queue_total_ms)} ms; review stats ${f(s.stats_ms)} ms`,
    `  grid page of 200: one label first ${f(s.grid_ms.first)} ms, page 5 ${f(s.grid_ms.page5)} ms, all labels ${f(s.grid_ms.all_labels)} ms; per-label counts ${f(s.grid_counts_ms)} ms; p ≥ x precision ${f(s.grid_threshold_ms)} ms`,
    `  bulk accept of ${s.bulk_1000.images} grid images ${s.bulk_1000.ms.toFixed(0)} ms, its undo ${s.bulk_1000.undo_ms.toFixed(0)} ms; rule on one label (${s.bulk_accept.images} images) ${s.bulk_accept.ms.toFixed(0)} ms, its undo ${s.bulk_accept.undo_ms.toFixed(0)} ms`,
    `  CSV export of ${s.export_csv.decisions} decisions ${s.export_csv.ms.toFixed(0)} ms`
  ].join('\n')
}
