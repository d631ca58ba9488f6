// Review at scale (issues 6 and 16): a synthetic project of N images (rows only; 100 labels, 30%
// reviewed) answers the review loop through the same functions the app and the CLI call:
// decide, next image (with its position and total), alternating-order next, queue totals, a grid
// page of 200, a bulk accept and its undo, and a CSV export of the decisions.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportProject } from '../../src/main/export/export'
import { undo } from '../../src/main/db/decisions'
import { acceptRule, decide, nextItem } from '../../src/main/db/ops'
import { gridPage } from '../../src/main/db/grid'
import { queueTotal, type QueueQuery } from '../../src/main/db/review'
import { createSyntheticProject } from '../../src/main/db/testing/synthetic'

export interface ScaleResult {
  images: number
  build_s: number
  file_mb: number
  /** median ms of one decision (one append + current-label refresh, its own transaction) */
  decide_ms: number
  /** median ms of decide + the next image's full answer (id, position, total, suggestions) */
  decide_next_ms: Record<string, number>
  /** median ms of next image alternating file / lowest_confidence orders (no decisions between) */
  next_alternating_ms: number
  /** median ms of one queue total right after a decision (nothing memoised) */
  queue_total_ms: number
  /** median ms of a 200-row grid page with its total, first page and page 5 */
  grid_ms: { first: number; page5: number }
  bulk_accept: { images: number; ms: number; undo_ms: number }
  export_csv: { decisions: number; ms: number }
  samples: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
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
    const labels = p.labels().map((l) => l.id)

    const decideNext: Record<string, number> = {}
    const decideTimes: number[] = []
    for (const order of ['file', 'lowest_confidence'] as const) {
      const q: QueueQuery = { order, status: 'unreviewed' }
      // start mid-queue: counting rows ahead would be at its dearest there
      let cur = nextItem(p, q, Math.floor(images / 2))!.image.id
      const loop: number[] = []
      for (let i = 0; i < samples; i++) {
        const t = performance.now()
        decide(p, { imageId: cur, kind: 'accepted', rank: 1 }, 'bench')
        const td = performance.now()
        const item = nextItem(p, q, cur)!
        loop.push(performance.now() - t)
        decideTimes.push(td - t)
        cur = item.image.id
      }
      decideNext[order] = median(loop)
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
    const unrev = nextItem(p, { order: 'file', status: 'unreviewed' })!.image.id
    for (let i = 0; i < samples; i++) {
      // a skip and its undo change the counts; the total is then read fresh
      decide(p, { imageId: unrev, kind: 'skipped' }, 'bench-totals')
      const t = performance.now()
      queueTotal(p.db, { order: 'lowest_confidence', status: 'unreviewed' })
      queueTotal(p.db, { order: 'file', status: 'reviewed' })
      totals.push((performance.now() - t) / 2)
      undo(p.db, 'bench-totals')
    }

    const first: number[] = []
    const page5: number[] = []
    for (let i = 0; i < samples; i++) {
      const labelId = labels[i % labels.length]!
      const g = { labelId, limit: 200, minProb: 0, status: 'unreviewed' as const }
      let t = performance.now()
      gridPage(p.db, { ...g, offset: 0 })
      first.push(performance.now() - t)
      t = performance.now()
      gridPage(p.db, { ...g, offset: 800 })
      page5.push(performance.now() - t)
    }

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
      decide_next_ms: decideNext,
      next_alternating_ms: median(alt),
      queue_total_ms: median(totals),
      grid_ms: { first: median(first), page5: median(page5) },
      bulk_accept: { images: bulkN, ms: bulkMs, undo_ms: undoMs },
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
    `  decide ${f(s.decide_ms)} ms; decide + next: file ${f(s.decide_next_ms.file!)} ms, lowest_confidence ${f(s.decide_next_ms.lowest_confidence!)} ms`,
    `  next (alternating orders) ${f(s.next_alternating_ms)} ms; queue total after a change ${f(s.queue_total_ms)} ms`,
    `  grid page of 200: first ${f(s.grid_ms.first)} ms, page 5 ${f(s.grid_ms.page5)} ms`,
    `  bulk accept ${s.bulk_accept.images} images ${s.bulk_accept.ms.toFixed(0)} ms, its undo ${s.bulk_accept.undo_ms.toFixed(0)} ms; CSV export of ${s.export_csv.decisions} decisions ${s.export_csv.ms.toFixed(0)} ms`
  ].join('\n')
}
