// Migration 8: review at a million images (issue 16). Released once shipped: never edit; the
// counters' SQL comes from ../queue-counts.ts, which owns their layout: a later layout change
// freezes a copy of queueCountsV2Sql here first (as 0004 did) and then adds a new migration.
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
import { queueCountsV2Sql } from '../queue-counts'

export const name = 'review at scale: leaner queue counters, per-label counts, skipped and non-ok indexes'

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

export const sql = `${queueCountsV2Sql()}
${reviewedIndexes}
CREATE INDEX images_not_ok ON images(state, rv, kind) WHERE state != 'ok';
CREATE INDEX q_later ON images(cur_decision, id) WHERE state = 'ok' AND kind = 4;
`
