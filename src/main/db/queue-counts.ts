// Queue sizes and positions without counting the queue, so review stays fast at a million images.
//
// B-trees do not store subtree sizes, so `count(*)` over an index range costs the rows it covers:
// "image 412,003 of 900,000" recounted after each decision would be O(N). Instead every queue order
// is cut into buckets of its sort key and `qcount` holds the number of 'ok' images per (order,
// filter, bucket). Triggers on `images` keep it exact in the same transaction as every write (a
// decision, an undo, a bulk accept, a prediction, a scan), so no caller can forget it; they are
// migration 8's (migrations/0008-review-at-scale.ts), and this module reads the counters with the
// same arithmetic (the tests compare every counter with a recount through bucketExprs). A position
// is then sum(buckets ahead) + count(rows ahead inside the image's own bucket): a few thousand
// small rows plus one short index range, whatever the project size.
//
// Buckets: probability and margin use 4096 equal slices of [0, 1]; the label order uses
// label x 4097 + probability slice (+1, 0 for a missing probability). The file order has no numeric
// key, so its buckets start at stored boundary paths (`qbounds`, one every FILE_BUCKET rows of a
// root, rebuilt lazily by rebucketFiles when a bucket grows past 4x that) and at the start of
// every root (bucket root_id * 2^32 with no stored row). `top1` has one bucket per top-1 label
// (the grid's per-label counts).
//
// Filters: all, and one per decision kind (0 = none). There are no reviewed/unreviewed counters:
// rv = (kind > 0) always (decisions.ts setCurrent writes both), so unreviewed is kind 0 and
// reviewed is all minus kind 0. A decision then moves one counter pair per order (kind 0 -> kind k,
// same bucket) instead of re-adding the row everywhere: 10 counters on about 9 pages per commit.
// How the layout got here: docs/history.md.
import type { Db } from './open'
import { stmt } from './stmt'

export const PROB_SLICES = 4096
export const FILE_BUCKET = 2048
const ROOT_SPAN = 4294967296
/** order codes of qcount.q (top1: per top-1 label, no order of its own) */
export const Q = { file: 0, prob: 1, margin: 2, label: 3, top1: 4 } as const
/** filter codes of qcount.f: all, and kind + the decision kind */
export const F = { all: 0, kind: 200 } as const

const slice = (x: string): string => `min(${PROB_SLICES - 1}, max(0, CAST(${x} * ${PROB_SLICES} AS INTEGER)))`

/** SQL expressions of a row's bucket per order (`r` a table alias), the triggers' arithmetic. */
export function bucketExprs(r: string): {
  file: string
  prob: string
  margin: string
  label: string
  top1: string
} {
  return {
    file: `COALESCE((SELECT b FROM qbounds WHERE root_id = ${r}.root_id AND rel_path <= ${r}.rel_path ORDER BY rel_path DESC LIMIT 1), ${r}.root_id * ${ROOT_SPAN})`,
    prob: slice(`${r}.top1_prob`),
    margin: slice(`${r}.margin`),
    label: `${r}.top1_label * ${PROB_SLICES + 1} + COALESCE(${slice(`${r}.top1_prob`)} + 1, 0)`,
    top1: `${r}.top1_label`
  }
}

/** Bucket of a key in JS, the same arithmetic as the SQL (x * 4096 is exact in doubles). */
export function probSlice(x: number): number {
  return Math.min(PROB_SLICES - 1, Math.max(0, Math.trunc(x * PROB_SLICES)))
}

export function fileBucket(db: Db, rootId: number, relPath: string): { b: number; from: string } {
  const r = stmt(
    db,
    'SELECT b, rel_path FROM qbounds WHERE root_id = ? AND rel_path <= ? ORDER BY rel_path DESC LIMIT 1'
  ).get(rootId, relPath) as { b: number; rel_path: string } | undefined
  return r ? { b: r.b, from: r.rel_path } : { b: rootId * ROOT_SPAN, from: '' }
}

/** Sum of the counters of (q, f) with bucket in [lo, hi]. */
function bucketSum(db: Db, q: number, f: number, lo: number, hi: number): number {
  if (hi < lo) return 0
  return stmt(
    db,
    'SELECT coalesce(sum(n), 0) FROM qcount WHERE q = ? AND f = ? AND b BETWEEN ? AND ?',
    'pluck'
  ).get(q, f, lo, hi) as number
}

/**
 * Re-cuts the file-order buckets of one root (every FILE_BUCKET rows in path order) and recounts
 * them. O(images of the root); run when a bucket has grown past 4 x FILE_BUCKET (a new folder
 * lands in its root's first bucket), so its cost is spread over at least that many inserts.
 */
export function rebucketFiles(db: Db, rootId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM qbounds WHERE root_id = ?').run(rootId)
    db.prepare('DELETE FROM qcount WHERE q = ? AND b >= ? AND b < ?').run(
      Q.file,
      rootId * ROOT_SPAN,
      (rootId + 1) * ROOT_SPAN
    )
    const rows = db
      .prepare(
        "SELECT rel_path, kind FROM images INDEXED BY q_all_file WHERE state = 'ok' AND root_id = ? ORDER BY rel_path"
      )
      .raw()
      .iterate(rootId) as IterableIterator<[string, number]>
    const insB = db.prepare('INSERT INTO qbounds (b, root_id, rel_path) VALUES (?, ?, ?)')
    const add = db.prepare(
      'INSERT INTO qcount (q, f, b, n) VALUES (?, ?, ?, ?) ON CONFLICT (q, f, b) DO UPDATE SET n = n + excluded.n'
    )
    // better-sqlite3 allows no writes while a read iterates: collect, then write
    const counts = new Map<number, number>()
    const out: [number, number, number][] = []
    const bounds: string[] = []
    let i = 0
    let b = rootId * ROOT_SPAN
    const flush = (): void => {
      for (const [f, n] of counts) out.push([f, b, n])
      counts.clear()
    }
    for (const [rel, kind] of rows) {
      if (i > 0 && i % FILE_BUCKET === 0) {
        flush()
        b += 1
        bounds.push(rel)
      }
      for (const f of [F.all, F.kind + kind]) counts.set(f, (counts.get(f) ?? 0) + 1)
      i++
    }
    flush()
    for (const [f, bk, n] of out) add.run(Q.file, f, bk, n)
    bounds.forEach((rel, k) => insB.run(rootId * ROOT_SPAN + k + 1, rootId, rel))
  })()
}

/**
 * Where a queue's counters live: order code, filter code (minus the counters of filter `minus`
 * when not null: reviewed = all - kind 0), bucket range, scan direction.
 */
export interface BucketPlan {
  q: number
  f: number
  minus: number | null
  lo: number
  hi: number
  desc: boolean
}

export function bucketPlan(
  order: string,
  status: string,
  kindCodes: Record<string, number>,
  labelId?: number
): BucketPlan {
  const { f, minus } = statusCounters(status, kindCodes)
  const all = { f, minus, lo: Number.MIN_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER }
  switch (order) {
    case 'lowest_confidence':
    case 'highest_confidence':
      return { q: Q.prob, ...all, desc: order === 'highest_confidence' }
    case 'lowest_margin':
      return { q: Q.margin, ...all, desc: false }
    case 'by_label':
      // bucket label x 4097 + 0 holds the label's rows without a probability: not in this queue
      if (labelId !== undefined)
        return {
          q: Q.label,
          f,
          minus,
          lo: labelId * (PROB_SLICES + 1) + 1,
          hi: (labelId + 1) * (PROB_SLICES + 1) - 1,
          desc: true
        }
      return { q: Q.label, ...all, desc: false }
    default:
      return { q: Q.file, ...all, desc: false }
  }
}

/** The filter counters of a status: reviewed has none of its own (all - kind 0). */
export function statusCounters(
  status: string,
  kindCodes: Record<string, number>
): { f: number; minus: number | null } {
  if (status === 'all') return { f: F.all, minus: null }
  if (status === 'unreviewed') return { f: F.kind, minus: null }
  if (status === 'reviewed') return { f: F.all, minus: F.kind }
  return { f: F.kind + kindCodes[status]!, minus: null }
}

/** A plan's counters summed over buckets [lo, hi]. */
export function planSum(db: Db, p: BucketPlan, lo: number, hi: number): number {
  const n = bucketSum(db, p.q, p.f, lo, hi)
  return p.minus === null ? n : n - bucketSum(db, p.q, p.minus, lo, hi)
}

export const SPLIT_SUM_SQL = `SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE b BETWEEN ? AND ?), 0)
  FROM qcount WHERE q = ? AND f = ? AND b BETWEEN ? AND ?`

/**
 * The plan's whole sum and the part over buckets [lo, hi] in one pass over its counters (a
 * position needs both: the queue's size and the buckets ahead of the image's own).
 */
export function planSplitSum(db: Db, p: BucketPlan, lo: number, hi: number): { total: number; part: number } {
  const one = (f: number): [number, number] =>
    stmt(db, SPLIT_SUM_SQL, 'raw').get(lo, hi, p.q, f, p.lo, p.hi) as [number, number]
  const [total, part] = one(p.f)
  if (p.minus === null) return { total, part }
  const [t2, p2] = one(p.minus)
  return { total: total - t2, part: part - p2 }
}

/** Re-cuts the roots whose file buckets grew past 4 x FILE_BUCKET (after a scan added files). */
export function rebucketGrown(db: Db): number {
  const roots = db
    .prepare(`SELECT DISTINCT b / ${ROOT_SPAN} FROM qcount WHERE q = ? AND f = ? AND n > ?`)
    .pluck()
    .all(Q.file, F.all, 4 * FILE_BUCKET) as number[]
  for (const r of roots) rebucketFiles(db, r)
  return roots.length
}
