// Migration 6: image folders can leave a project. A removed folder keeps its roots row,
// stamped removed_at, because images with decisions keep pointing at it: the decision log is
// append-only, so those rows cannot go. Adding the folder again clears the stamp and the next scan
// brings them back. The partial index lists a project's unreadable files (the pre-label screen's
// list, kept across restarts) without reading every image row.
// Numbered 6: migration 5 is another change made at the same time; this one does not depend on it.

export const name = 'folder removal and the unreadable list'

export const sql = `
ALTER TABLE roots ADD COLUMN removed_at TEXT;
CREATE INDEX images_unreadable ON images(root_id, rel_path) WHERE state = 'unreadable';
`
