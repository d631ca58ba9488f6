// Migration 8: review at a million images (user_version 7 -> 8). Released: never edit. The
// counters' SQL below is this migration's own frozen generator: ../queue-counts.ts reads the
// counters with the same bucket arithmetic, but nothing it changes can change what this does.
//  - queue counters without the reviewed 0/1 filters (rv = kind > 0, so they doubled the kind 0
//    counters): a decision moves 10 counters instead of rewriting 24, a third of the pages it
//    commits; plus per-label counters for the grid's counts (a GROUP BY over every image before);
//  - the reviewed queues get partial indexes of their own (rv = 1) and the rv = 0/1 indexes go:
//    unreviewed is kind = 0, already served by the kind indexes, so each decision moved an entry
//    in four indexes twice over (4 fewer index entries and pages per decision, a smaller file);
//  - images_not_ok: the few missing or unreadable rows, so the project's counts are counters plus
//    this small index instead of a scan of every image after each decision;
//  - q_later: skipped images in skip order, so the skipped tail of the unreviewed queue is read in
//    order from its own small index (it was sorted on every step).
// Its test (seed schema 7 with decisions, migrate, compare counters and rows, plans):
// 0008-review-at-scale.test.ts.

export const name = 'review at scale: leaner queue counters, per-label counts, skipped and non-ok indexes'

// The counters' layout as it shipped: qcount (q, f, b) with orders file 0, prob 1, margin 2,
// label 3, top1 4, filters all 0 and kind 200 + kind.
const PROB_SLICES = 4096
const ROOT_SPAN = 4294967296
const Q = { file: 0, prob: 1, margin: 2, label: 3, top1: 4 } as const
const F = { all: 0, kind: 200 } as const
const UPSERT = 'ON CONFLICT (q, f, b) DO UPDATE SET n = n + excluded.n;'
/** Columns that place a row in a bucket or a queue (kind only picks the filter). */
const PLACED = ['state', 'top1_label', 'top1_prob', 'margin', 'root_id', 'rel_path']

const slice = (x: string): string => `min(${PROB_SLICES - 1}, max(0, CAST(${x} * ${PROB_SLICES} AS INTEGER)))`

function bucketExprs(r: string): { file: string; prob: string; margin: string; label: string; top1: string } {
  return {
    file: `COALESCE((SELECT b FROM qbounds WHERE root_id = ${r}.root_id AND rel_path <= ${r}.rel_path ORDER BY rel_path DESC LIMIT 1), ${r}.root_id * ${ROOT_SPAN})`,
    prob: slice(`${r}.top1_prob`),
    margin: slice(`${r}.margin`),
    label: `${r}.top1_label * ${PROB_SLICES + 1} + COALESCE(${slice(`${r}.top1_prob`)} + 1, 0)`,
    top1: `${r}.top1_label`
  }
}

/** (q, b) of every order the row is counted in; the guards are the queues' own. */
function ordersOf(r: 'NEW' | 'OLD'): string {
  const b = bucketExprs(r)
  return [
    `SELECT ${Q.file} AS q, ${b.file} AS b`,
    `SELECT ${Q.prob}, ${b.prob} WHERE ${r}.top1_prob >= 0`,
    `SELECT ${Q.margin}, ${b.margin} WHERE ${r}.margin >= 0`,
    `SELECT ${Q.label}, ${b.label} WHERE ${r}.top1_label >= 0`,
    `SELECT ${Q.top1}, ${b.top1} WHERE ${r}.top1_label >= 0`
  ].join(' UNION ALL ')
}

/** One upsert adding `sign` to every (order, filter, bucket) counter the row is counted in. */
function contribute(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  const filters = `SELECT ${F.all} AS f UNION ALL SELECT ${F.kind} + ${r}.kind`
  return `INSERT INTO qcount (q, f, b, n) SELECT o.q, fl.f, o.b, ${sign} FROM (${ordersOf(r)}) o, (${filters}) fl
    WHERE ${r}.state = 'ok' ${UPSERT}`
}

/** A decision: same row, same buckets, only its kind changed: -1 on the old kind, +1 on the new. */
function moveKind(): string {
  const kinds = `SELECT ${F.kind} + OLD.kind AS f, -1 AS n UNION ALL SELECT ${F.kind} + NEW.kind, 1`
  return `INSERT INTO qcount (q, f, b, n) SELECT o.q, k.f, o.b, k.n FROM (${ordersOf('NEW')}) o, (${kinds}) k
    WHERE NEW.state = 'ok' ${UPSERT}`
}

/**
 * The counters' triggers and the per-label counters on top of migration 4's tables, without its
 * rv filters (100 + rv). The file order's buckets (qbounds) are unchanged.
 */
function queueCountsSql(): string {
  const moved = PLACED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')
  const b = bucketExprs('i')
  const fill = [`${F.all}`, `${F.kind} + kind`]
    .map(
      (f) => `INSERT INTO qcount (q, f, b, n) SELECT ${Q.top1}, ${f}, bk, count(*) FROM
          (SELECT ${b.top1} AS bk, i.kind AS kind FROM images i WHERE i.state = 'ok' AND i.top1_label >= 0)
          WHERE true GROUP BY 2, 3 ${UPSERT}`
    )
    .join('\n')
  return `
DROP TRIGGER images_qcount_insert;
DROP TRIGGER images_qcount_delete;
DROP TRIGGER images_qcount_update;
DELETE FROM qcount WHERE f IN (100, 101);
CREATE TRIGGER images_qcount_insert AFTER INSERT ON images BEGIN ${contribute('NEW', 1)} END;
CREATE TRIGGER images_qcount_delete AFTER DELETE ON images BEGIN ${contribute('OLD', -1)} END;
CREATE TRIGGER images_qcount_update AFTER UPDATE OF ${PLACED.join(', ')}, kind ON images
  WHEN ${moved} BEGIN ${contribute('OLD', -1)} ${contribute('NEW', 1)} END;
CREATE TRIGGER images_qcount_decision AFTER UPDATE OF kind ON images
  WHEN OLD.kind IS NOT NEW.kind AND NOT (${moved}) BEGIN ${moveKind()} END;
${fill}
`
}

/** Sort keys of the queue indexes (as in migration 1). */
const ORDER_KEYS: Record<string, string> = {
  file: 'root_id, rel_path',
  prob: 'top1_prob, id',
  margin: 'margin, id',
  label: 'top1_label, top1_prob, id'
}

const reviewedIndexes = Object.entries(ORDER_KEYS)
  .map(
    ([key, cols]) =>
      `DROP INDEX q_rv_${key};\nCREATE INDEX q_rev_${key} ON images(${cols}) WHERE state = 'ok' AND rv = 1;`
  )
  .join('\n')

export const sql = `${queueCountsSql()}
${reviewedIndexes}
CREATE INDEX images_not_ok ON images(state, rv, kind) WHERE state != 'ok';
CREATE INDEX q_later ON images(cur_decision, id) WHERE state = 'ok' AND kind = 4;
`
