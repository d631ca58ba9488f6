// Editing a template set in place (name, templates, the language they are written in). Predictions
// are keyed by the set's id, so an edit of the default set marks every prediction stale (the caller
// re-scores); an edit of another set changes nothing that is shown.
import type { TemplateSet } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { hasPlaceholder } from '../clip/zeroshot'
import type { Db } from './open'
import { invalidatePredictions } from './queue-status'

/** Trimmed templates without blanks; refuses an empty set or a template without {}. */
export function cleanTemplates(templates: readonly string[]): string[] {
  const clean = templates.map((t) => t.trim()).filter((t) => t.length > 0)
  if (clean.length === 0) throw new AppError('invalid_input', 'A template set needs at least one template.')
  const bad = clean.find((t) => !hasPlaceholder(t))
  if (bad) throw new AppError('invalid_input', `Template "${bad}" has no {} where the label name goes.`)
  return clean
}

export function updateTemplateSet(
  db: Db,
  id: number,
  patch: { name?: string; templates?: readonly string[]; language?: string | null }
): { set: TemplateSet; promptsChanged: boolean } {
  return db
    .transaction(() => {
      const cur = db.prepare('SELECT name, templates, language FROM template_sets WHERE id = ?').get(id) as
        { name: string; templates: string; language: string | null } | undefined
      if (!cur) throw new AppError('not_found', `No template set with id ${id}.`)
      const name = patch.name?.trim() || cur.name
      const templates = patch.templates
        ? cleanTemplates(patch.templates)
        : (JSON.parse(cur.templates) as string[])
      const json = JSON.stringify(templates)
      const language = patch.language === undefined ? cur.language : patch.language
      db.prepare('UPDATE template_sets SET name = ?, templates = ?, language = ? WHERE id = ?').run(
        name,
        json,
        language,
        id
      )
      const active =
        db.prepare('SELECT active_template_set_id FROM project WHERE id = 1').pluck().get() === id
      // the language picks which names fill the prompts, so it changes them as the templates do
      const promptsChanged = active && (json !== cur.templates || language !== cur.language)
      if (promptsChanged) invalidatePredictions(db)
      return { set: { id, name, templates, language }, promptsChanged }
    })
    .immediate()
}
