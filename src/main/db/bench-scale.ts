// Scale measurements of the data layer (issue 6 "Scale", issue 3 numbers): a synthetic project of
// N images (rows only) answers next-image and a 200-row grid page; 10k decisions export to CSV.
//   npx tsx src/main/db/bench-scale.ts [--images 100000] [--json]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportProject } from '../export/export'
import { appendDecisions } from './decisions'
import { nextItem } from './ops'
import { gridPage, type QueueQuery } from './review'
import { createSyntheticProject } from './synthetic'

export interface ScaleResult {
  images: number
  createS: number
  fileMb: number
  /** median ms of one full review.next answer (id, position, total, suggestions, current) */
  nextMs: Record<string, number>
  /** median ms of review.next right after a decision (the review loop: queue total recounted) */
  nextAfterDecideMs: number
  /** median ms of a 200-row grid page with its total */
  gridMs: Record<string, number>
  exportDecisions: number
  exportCsvMs: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function time(fn: () => void, reps = 21): number {
  fn() // warm the statement cache
  const t: number[] = []
  for (let i = 0; i < reps; i++) {
    const s = performance.now()
    fn()
    t.push(performance.now() - s)
  }
  return median(t)
}

export async function measureScale(images = 100_000, reviewed = 0.1): Promise<ScaleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-scale-'))
  try {
    const t0 = performance.now()
    const p = createSyntheticProject(join(dir, 'scale.zebra'), join(dir, 'images'), {
      images,
      labels: 100,
      reviewed,
      seed: 1
    })
    const createS = (performance.now() - t0) / 1000
    p.db.exec('ANALYZE')
    const label = p.labels()[0]!.id
    const queries: Record<string, QueueQuery> = {
      'file/unreviewed': { order: 'file', status: 'unreviewed' },
      'lowest_confidence/unreviewed': { order: 'lowest_confidence', status: 'unreviewed' },
      'highest_confidence/all': { order: 'highest_confidence', status: 'all' },
      'lowest_margin/reviewed': { order: 'lowest_margin', status: 'reviewed' },
      'by_label/unreviewed': { order: 'by_label', status: 'unreviewed', labelId: label }
    }
    const nextMs: Record<string, number> = {}
    for (const [name, q] of Object.entries(queries)) {
      // from the middle of the queue: position counting is at its most expensive there
      const mid = p.db
        .prepare('SELECT id FROM images WHERE id = ?')
        .pluck()
        .get(Math.floor(images / 2)) as number
      nextMs[name] = time(() => nextItem(p, q, mid))
    }
    // the review loop: decide the current image, ask for the next one
    const loopQ: QueueQuery = { order: 'lowest_confidence', status: 'unreviewed' }
    let cur = nextItem(p, loopQ)!.image.id
    const loop: number[] = []
    for (let i = 0; i < 30; i++) {
      appendDecisions(p.db, [{ imageId: cur, kind: 'accepted', rank: 1 }], 'bench')
      const t = performance.now()
      const item = nextItem(p, loopQ, cur)!
      loop.push(performance.now() - t)
      cur = item.image.id
    }
    const nextAfterDecideMs = median(loop)
    const gridMs: Record<string, number> = {}
    for (const status of ['unreviewed', 'all', 'reviewed'] as const) {
      gridMs[`${status}/first page`] = time(() =>
        gridPage(p.db, { labelId: label, offset: 0, limit: 200, minProb: 0, status })
      )
      gridMs[`${status}/page 5`] = time(() =>
        gridPage(p.db, { labelId: label, offset: 800, limit: 200, minProb: 0, status })
      )
    }
    const exportDecisions = p.counts().reviewed
    const te = performance.now()
    await exportProject(p, { format: 'csv', outDir: join(dir, 'export') })
    const exportCsvMs = performance.now() - te
    p.db.pragma('wal_checkpoint(TRUNCATE)')
    const fileMb = statSync(join(dir, 'scale.zebra')).size / 1e6
    p.close()
    return { images, createS, fileMb, nextMs, nextAfterDecideMs, gridMs, exportDecisions, exportCsvMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2)
  const i = argv.indexOf('--images')
  const n = i >= 0 ? Number(argv[i + 1]) : 100_000
  void measureScale(n).then((r) => {
    if (argv.includes('--json')) console.log(JSON.stringify(r))
    else console.log(r)
  })
}
