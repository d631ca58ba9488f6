// The Chinese sample's second language: its labels also carry their English names and it holds an
// English template set beside the Chinese one, so Compare can rank English against Chinese prompts
// on the same reviewed images (docs/languages.md). Applied once, when the sample file is created,
// before anything is scored.
import type { LabelTranslation } from '../../shared/domain'
import type { Project } from '../db/project'

export interface SampleLanguages {
  /** the language the labels' own names and the default set are written in, and that set's name */
  own: { language: string; setName: string }
  /** a second set in another language, filled with each label's name in it (by own name) */
  other: { language: string; setName: string; templates: string[]; names: Record<string, LabelTranslation> }
}

export function applySampleLanguages(p: Project, languages: SampleLanguages): void {
  const { own, other } = languages
  for (const label of p.labels()) {
    const name = other.names[label.name]
    if (name) p.updateLabel(label.id, { names: { ...label.names, [other.language]: name } })
  }
  const active = p.activeTemplateSetId()
  if (active !== null) p.updateTemplateSet(active, { name: own.setName, language: own.language })
  p.saveTemplateSet(other.setName, other.templates, false, other.language)
}
