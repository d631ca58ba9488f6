// Numbered migrations of the project file. APPEND-ONLY: a released migration is never edited;
// a change is a new entry. Migration i (1-based) moves PRAGMA user_version from i-1 to i.
//
// Why review columns live on `images` (denormalised): "next image to review" and "grid page" must
// answer in a few ms on 100k images for every order x status filter. They are single-index range
// scans only when the filter column (rv = reviewed 0/1, kind = current decision code) and the sort
// key (file path, top-1 probability, margin, top-1 label) sit in one row with one composite index.
// Both are maintained in the same transaction that appends the decision or writes the prediction.
// The partial-index WHERE (state = 'ok') keeps missing and unreadable files out of every queue.

import { MIGRATION_3 } from './migration-003-queue-counts'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Decision kind codes stored in images.kind (0 = no current decision). */
export const KIND_CODES = { accepted: 1, corrected: 2, rejected: 3, skipped: 4, unsure: 5 } as const
export const KIND_BY_CODE = ['', 'accepted', 'corrected', 'rejected', 'skipped', 'unsure'] as const

/** Queue sort keys; each gets an index per filter column (none / rv / kind). */
const ORDER_KEYS: Record<string, string> = {
  file: 'root_id, rel_path',
  prob: 'top1_prob, id',
  margin: 'margin, id',
  label: 'top1_label, top1_prob, id'
}

function queueIndexes(): string {
  const out: string[] = []
  for (const [name, cols] of Object.entries(ORDER_KEYS)) {
    out.push(`CREATE INDEX q_all_${name} ON images(${cols}) WHERE state = 'ok';`)
    out.push(`CREATE INDEX q_rv_${name} ON images(rv, ${cols}) WHERE state = 'ok';`)
    out.push(`CREATE INDEX q_kind_${name} ON images(kind, ${cols}) WHERE state = 'ok';`)
  }
  return out.join('\n')
}

const V1 = `
CREATE TABLE project (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  sample INTEGER NOT NULL DEFAULT 0,
  active_template_set_id INTEGER,
  -- bumped whenever labels change in a way that changes prompts (add, rename, descriptions, archive)
  label_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE roots (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE
);

CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  descriptions TEXT NOT NULL DEFAULT '[]',
  color TEXT NOT NULL,
  hotkey TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE template_sets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  templates TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  root_id INTEGER NOT NULL REFERENCES roots(id),
  rel_path TEXT NOT NULL,
  hash TEXT,
  bytes INTEGER,
  mtime_ms INTEGER,
  width INTEGER,
  height INTEGER,
  format TEXT,
  state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'missing', 'unreadable')),
  reason TEXT,
  added_at TEXT NOT NULL,
  -- denormalised current prediction (NULL until pre-labelled)
  top1_label INTEGER,
  top1_prob REAL,
  margin REAL,
  -- denormalised current decision: rv 0/1, kind code (see KIND_CODES), the decision row
  rv INTEGER NOT NULL DEFAULT 0,
  kind INTEGER NOT NULL DEFAULT 0,
  cur_decision INTEGER,
  UNIQUE (root_id, rel_path)
);
CREATE INDEX images_hash ON images(hash);
${queueIndexes()}

CREATE TABLE image_embeddings (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  vec BLOB NOT NULL,
  PRIMARY KEY (image_id, model_id)
) WITHOUT ROWID;

CREATE TABLE text_embeddings (
  model_id TEXT NOT NULL,
  prompt TEXT NOT NULL,
  vec BLOB NOT NULL,
  PRIMARY KEY (model_id, prompt)
) WITHOUT ROWID;

-- Models that produced embeddings/predictions in this project (provenance for export).
CREATE TABLE models (
  model_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  dir TEXT NOT NULL,
  variant TEXT NOT NULL,
  embed_dim INTEGER NOT NULL,
  first_used TEXT NOT NULL
);

-- The current prediction of an image, identified by (model, label version, template set). Older
-- ones are not kept: they are recomputed from cached embeddings (rescore) without the vision model.
CREATE TABLE predictions (
  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  label_version INTEGER NOT NULL,
  template_set_id INTEGER NOT NULL,
  -- JSON [[labelId, prob], ...] best first
  topk TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX predictions_key ON predictions(model_id, label_version, template_set_id);

-- One user action (a decision, a bulk accept, an import, an undo or a redo) = one batch.
CREATE TABLE batches (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('decide', 'bulk', 'import', 'undo', 'redo')),
  annotator TEXT NOT NULL,
  at TEXT NOT NULL,
  -- for undo: the batch it reverts; for redo: the undo batch it re-applies
  target INTEGER REFERENCES batches(id)
);
CREATE INDEX batches_annotator ON batches(annotator, id);
CREATE INDEX batches_target ON batches(target) WHERE target IS NOT NULL;

-- Append-only decision log (triggers below refuse UPDATE and DELETE).
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  image_id INTEGER NOT NULL REFERENCES images(id),
  kind TEXT NOT NULL CHECK (kind IN ('accepted', 'corrected', 'rejected', 'skipped', 'unsure', 'revert')),
  label_id INTEGER REFERENCES labels(id),
  rank INTEGER,
  annotator TEXT NOT NULL,
  at TEXT NOT NULL,
  -- JSON of the suggestions shown: [{labelId, label, prob, rank}], plus model/variant/template set
  suggestion TEXT,
  revert_of INTEGER REFERENCES decisions(id)
);
CREATE INDEX decisions_image ON decisions(image_id, id);
CREATE INDEX decisions_batch ON decisions(batch_id);
CREATE INDEX decisions_revert ON decisions(revert_of) WHERE revert_of IS NOT NULL;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
  BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
  BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;

-- Advisory job locks so two processes do not run the same job on one project at once.
CREATE TABLE job_locks (
  kind TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at TEXT NOT NULL
);
`

// Counting or finding the newest embeddings of a model (cache keys of the adaptation helper, the
// review memo) scanned the WITHOUT ROWID table itself, i.e. every vector: 13 ms at 100k x 32-d,
// far more at 512-d. This narrow index answers count(*) and max(image_id) per model.
const V2 = `CREATE INDEX image_embeddings_model ON image_embeddings(model_id, image_id);`

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: V1 },
  { version: 2, name: 'index of embeddings per model', sql: V2 },
  MIGRATION_3
]

export const SCHEMA_VERSION = MIGRATIONS.length

/** 'ZBRA' — PRAGMA application_id that marks a Zebra project file. */
export const APPLICATION_ID = 0x5a425241
