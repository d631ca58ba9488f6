// Migration 12: labels in several languages (user_version 11 -> 12). Released once shipped: never
// edit, add a new migration instead.
//
// A label keeps its own name (the one shown and exported) and may carry a name per language
// ({"zh": {"name": "斑马", "descriptions": ["黑白条纹的形状"]}}), and a template set may say which
// language its prompts are written in: its prompts are then filled with the labels' names in that
// language (the label's own name where it has none). JSON on the row, like descriptions and
// negatives: a label's names are read whole with the label, never searched.

export const name = 'label-languages'

export const sql = `ALTER TABLE labels ADD COLUMN names TEXT NOT NULL DEFAULT '{}';
ALTER TABLE template_sets ADD COLUMN language TEXT;`
