// The grid's threshold estimate on a real project file: its precision equals a count made in plain
// code over the images and the decision log (accepts from bulk actions left out, merges resolved),
// its coverage equals the grid's own totals, it says nothing below the minimum of decisions, and
// it reads its evidence through indexes, never every image, decision or bulk accept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MIN_PRECISION_DECISIONS, REVIEW_STATUSES } from '../../shared/contract'
import { mulberry32 } from '../math/rng'
import { appendDecisions, type DecideInput } from './decisions'
import { gridPage } from './grid'
import { evidenceSql, thresholdEstimate } from './grid-threshold'
import type { Project } from './project'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-grid-threshold-'))
  // 20% already accepted in bulk (the synthetic log): no evidence for the estimate
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 3000, labels: 6, reviewed: 0.2, seed: 11 })
  p.db.exec('ANALYZE')
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

interface ImageRow {
  id: number
  top1_label: number
  top1_prob: number
  kind: number
  d_kind: string | null
  d_label: number | null
  b_kind: string | null
}

/** The estimate's evidence counted in plain code from the rows as stored. */
function plainEvidence(minProb: number, labelId?: number): { decided: number; correct: number } {
  const into = new Map(
    (
      p.db.prepare('SELECT id, merged_into FROM labels').all() as { id: number; merged_into: number | null }[]
    ).map((r) => [r.id, r.merged_into ?? r.id])
  )
  const rows = p.db
    .prepare(
      `SELECT i.id, i.top1_label, i.top1_prob, i.kind, d.kind AS d_kind, d.label_id AS d_label, b.kind AS b_kind
         FROM images i LEFT JOIN decisions d ON d.id = i.cur_decision LEFT JOIN batches b ON b.id = d.batch_id
        WHERE i.state = 'ok'`
    )
    .all() as ImageRow[]
  let decided = 0
  let correct = 0
  for (const r of rows) {
    if (r.d_kind !== 'accepted' && r.d_kind !== 'corrected') continue
    if (r.d_kind === 'accepted' && r.b_kind !== 'decide' && r.b_kind !== 'import') continue
    if (r.top1_prob < minProb || (labelId !== undefined && r.top1_label !== labelId)) continue
    decided++
    if (into.get(r.top1_label) === into.get(r.d_label!)) correct++
  }
  return { decided, correct }
}

function expectExact(): void {
  const label = p.labels()[1]!.id
  for (const minProb of [0, 0.2, 0.45, 0.7, 0.95]) {
    for (const labelId of [undefined, label]) {
      const want = plainEvidence(minProb, labelId)
      for (const status of REVIEW_STATUSES) {
        const e = thresholdEstimate(p.db, { minProb, labelId, status })
        expect({ minProb, labelId, decided: e.decided, correct: e.correct }).toEqual({
          minProb,
          labelId,
          ...want
        })
        expect(e.precision).toBe(want.decided >= MIN_PRECISION_DECISIONS ? want.correct / want.decided : null)
        const view = { labelId, status, offset: 0, limit: 1 }
        expect(e.above).toBe(gridPage(p.db, { ...view, minProb }).total)
        expect(e.total).toBe(gridPage(p.db, { ...view, minProb: 0 }).total)
        expect(e.coverage).toBe(e.total ? e.above / e.total : 0)
      }
    }
  }
}

it('says "too few" with no evidence: bulk accepts alone are none', () => {
  const e = thresholdEstimate(p.db, { minProb: 0, status: 'all' })
  expect(e).toMatchObject({ decided: 0, correct: 0, precision: null })
  expect(e.total).toBeGreaterThan(0)
})

it('precision and coverage equal a plain count, through decisions, corrections, imports and merges', () => {
  const rand = mulberry32(3)
  const labels = p.labels().map((l) => l.id)
  const rows = p.db
    .prepare('SELECT id, top1_label FROM images WHERE kind = 0 ORDER BY id LIMIT 600')
    .all() as { id: number; top1_label: number }[]
  const one = (r: { id: number; top1_label: number }): DecideInput => {
    const x = rand()
    // accepted as suggested, corrected to another label, or "corrected" to the top-1 itself
    if (x < 0.5) return { imageId: r.id, kind: 'accepted', rank: 1 }
    const other = labels[Math.floor(rand() * labels.length)]!
    return { imageId: r.id, kind: 'corrected', labelId: x < 0.6 ? r.top1_label : other }
  }
  appendDecisions(p.db, rows.slice(0, 300).map(one), 'ann')
  appendDecisions(p.db, rows.slice(300, 400).map(one), 'ann', 'bulk')
  appendDecisions(p.db, rows.slice(400, 450).map(one), 'ann', 'import')
  // rejected and skipped images are not decided as a label
  appendDecisions(
    p.db,
    rows.slice(450, 500).map((r, i) => ({ imageId: r.id, kind: i % 2 ? 'rejected' : 'skipped' })),
    'ann'
  )
  expectExact()
  const e = thresholdEstimate(p.db, { minProb: 0, status: 'unreviewed' })
  expect(e.decided).toBeGreaterThan(MIN_PRECISION_DECISIONS)
  expect(e.precision).not.toBeNull()
  // a merge makes decisions of the merged label count for the label it went into
  p.mergeLabel(labels[2]!, labels[3]!)
  expectExact()
})

it('reads the evidence through indexes: never every image, decision or bulk accept', () => {
  for (const labelId of [undefined, 2]) {
    const e = evidenceSql(labelId)
    const plan = (p.db.prepare(`EXPLAIN QUERY PLAN ${e.sql}`).all(...e.params(0.5)) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ')
    // corrected images: their own index range; accepted ones: from the actions that are evidence
    expect(plan).toMatch(/SEARCH i USING INDEX q_kind_(prob|label) \(kind=\?/)
    expect(plan).toMatch(
      /SCAN b \| SEARCH d USING INDEX decisions_batch \(batch_id=\?\) \| SEARCH i USING INTEGER PRIMARY KEY/
    )
    expect(plan).not.toMatch(/SCAN (i|d|images|decisions)\b/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  }
})
