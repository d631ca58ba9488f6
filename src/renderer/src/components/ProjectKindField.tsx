// The new-project form's choice of what a project decides: one label per image (a softmax over the
// labels) or tags (any number per image, each decided on its own). It can be changed later in
// Project settings → Kind.
import type { ProjectKind } from '../../../shared/contract'
import { i18n, useTranslation } from '../i18n'

const CHOICES = (): { kind: ProjectKind; label: string; hint: string }[] => [
  {
    kind: 'single',
    label: i18n.t('start:projectKindField.oneLabelPerImage'),
    hint: i18n.t('start:projectKindField.eachImageIsOneThing')
  },
  {
    kind: 'tags',
    label: i18n.t('start:projectKindField.tagsAnyNumberPerImage'),
    hint: i18n.t('start:projectKindField.eachImageHasAnyOf')
  }
]

export function ProjectKindField(props: {
  value: ProjectKind
  onChange(kind: ProjectKind): void
}): React.JSX.Element {
  const { t } = useTranslation(['start', 'common'])
  return (
    <fieldset className="kind-choice">
      <legend>{t('projectKindField.kind')}</legend>
      {CHOICES().map((c) => (
        <label key={c.kind} className="row">
          <input
            type="radio"
            name="project-kind"
            value={c.kind}
            checked={props.value === c.kind}
            onChange={() => props.onChange(c.kind)}
          />
          <span>
            {c.label} <span className="muted small">— {c.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  )
}
