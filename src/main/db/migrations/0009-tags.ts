// Migration 9: tags projects (user_version 8 -> 9). Released once shipped: never edit, add a new
// migration instead. What each table means is in docs/tags.md.
//  - project.kind: 'single' (one label per image, every file before this) or 'tags';
//  - labels.negatives: a tag's own negative prompts (empty: the default neutral prompts);
//  - image_tags: the current state of each decided (image, tag), kept beside the append-only log
//    as images.kind is for single-label projects; by tag and state for the tag pass's filters;
//  - tag_scores: each tag's score of each image in score order, so a tag pass page is one range
//    scan (the primary key is the sort key; no rowid, no second tree).

export const name = 'tags projects: project kind, negative prompts, tag states and tag scores'

export const sql = `ALTER TABLE project ADD COLUMN kind TEXT NOT NULL DEFAULT 'single'
  CHECK (kind IN ('single', 'tags'));
ALTER TABLE labels ADD COLUMN negatives TEXT NOT NULL DEFAULT '[]';
CREATE TABLE image_tags (
  image_id INTEGER NOT NULL REFERENCES images(id),
  label_id INTEGER NOT NULL REFERENCES labels(id),
  state INTEGER NOT NULL CHECK (state IN (1, 3, 5)),
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  PRIMARY KEY (image_id, label_id)
) WITHOUT ROWID;
CREATE INDEX image_tags_label ON image_tags(label_id, state, image_id);
CREATE TABLE tag_scores (
  label_id INTEGER NOT NULL,
  s REAL NOT NULL,
  image_id INTEGER NOT NULL,
  PRIMARY KEY (label_id, s, image_id)
) WITHOUT ROWID;`
