// "Next image to review" and "a grid page of 200 rows" on a synthetic project of N images (rows
// only), through the same queries the app runs.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nextItem } from '../../src/main/db/ops'
import { gridPage } from '../../src/main/db/review'
import { createSyntheticProject } from '../../src/main/db/synthetic'

export interface ScaleResult {
  images: number
  build_s: number
  next_ms: number
  grid_ms: number
  samples: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export function measureScale(images: number, samples = 50): ScaleResult {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-bench-scale-'))
  try {
    const t0 = Date.now()
    const p = createSyntheticProject(join(dir, 'scale.zebra'), dir, { images, labels: 100, reviewed: 0.3 })
    const build = (Date.now() - t0) / 1000
    const labels = p.labels().map((l) => l.id)
    const nextTimes: number[] = []
    const gridTimes: number[] = []
    let from: number | undefined
    for (let i = 0; i < samples; i++) {
      const t = performance.now()
      const item = nextItem(p, { order: i % 2 ? 'lowest_confidence' : 'file', status: 'unreviewed' }, from)
      nextTimes.push(performance.now() - t)
      from = item?.image.id
      const tg = performance.now()
      gridPage(p.db, {
        labelId: labels[i % labels.length]!,
        offset: (i % 5) * 200,
        limit: 200,
        minProb: 0,
        status: 'unreviewed'
      })
      gridTimes.push(performance.now() - tg)
    }
    p.close()
    return { images, build_s: build, next_ms: median(nextTimes), grid_ms: median(gridTimes), samples }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
