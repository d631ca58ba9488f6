// Migration 5: merged labels (user_version 4 -> 5). Released once shipped: never edit.
//
// Merging label A into B must not rewrite the decision log (append-only, triggers refuse UPDATE),
// so A's row stays and points at B: every reader of a *current* label resolves
// coalesce(merged_into, id) (queues, grid, exports, stats, adaptation), while the log and the
// export's provenance keep the label that was chosen at the time. merged_into always points at a
// label that is not itself merged (db/labels.ts mergeLabel re-points older merges), so resolving
// is one lookup, never a walk. The partial index finds a label's merged names (search aliases,
// re-pointing) without scanning the labels.
export const name = 'merged labels'

export const sql = `
ALTER TABLE labels ADD COLUMN merged_into INTEGER REFERENCES labels(id);
ALTER TABLE labels ADD COLUMN merged_at TEXT;
CREATE INDEX labels_merged_into ON labels(merged_into) WHERE merged_into IS NOT NULL;
`
