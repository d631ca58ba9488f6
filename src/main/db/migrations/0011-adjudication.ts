// Migration 11: adjudicated decisions (user_version 10 -> 11). Released once shipped: never edit,
// add a new migration instead.
//
// Several annotators decide one project (a merged log, a team replica); a reviewer's decision on
// an image they disagree on is the adjudicated label, and it outranks any annotator's decision,
// whenever made (db/latest-rule.ts). It is a flag on the row, so it is part of the append-only log
// and travels with it through merges and team sync; existing rows are annotators' decisions (0).
// The partial index finds an image's adjudicated rows (the disagreements queue, the exports)
// without reading the log.

export const name = 'adjudication'

export const sql = `ALTER TABLE decisions ADD COLUMN adjudicated INTEGER NOT NULL DEFAULT 0 CHECK (adjudicated IN (0, 1));
CREATE INDEX decisions_adjudicated ON decisions(image_id, at) WHERE adjudicated = 1;`
