// Migration 1: the initial schema (user_version 0 -> 1). Released: never edit this file; a change
// to the schema is a new migration file. The queue index generator is a frozen copy for the same
// reason (a later change of review orders must not change what migration 1 creates).

export const name = 'initial schema'

/** Queue sort keys; each gets an index per filter column (none / rv / kind). */
const ORDER_KEYS: Record<string, string> = {
  file: 'root_id, rel_path',
  prob: 'top1_prob, id',
  margin: 'margin, id',
  label: 'top1_label, top1_prob, id'
}

function queueIndexes(): string {
  const out: string[] = []
  for (const [key, cols] of Object.entries(ORDER_KEYS)) {
    out.push(`CREATE INDEX q_all_${key} ON images(${cols}) WHERE state = 'ok';`)
    out.push(`CREATE INDEX q_rv_${key} ON images(rv, ${cols}) WHERE state = 'ok';`)
    out.push(`CREATE INDEX q_kind_${key} ON images(kind, ${cols}) WHERE state = 'ok';`)
  }
  return out.join('\n')
}

export const sql = `
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
