// The new-project form's choice of what a project decides: one label per image (a softmax over the
// labels) or tags (any number per image, each decided on its own). It can be changed later in
// Project settings → Kind.
import type { ProjectKind } from '../../../shared/contract'

const CHOICES: { kind: ProjectKind; label: string; hint: string }[] = [
  { kind: 'single', label: 'One label per image', hint: 'each image is one thing: cat, dog, bicycle' },
  {
    kind: 'tags',
    label: 'Tags (any number per image)',
    hint: 'each image has any of the tags, or none: red, striped, outdoor'
  }
]

export function ProjectKindField(props: {
  value: ProjectKind
  onChange(kind: ProjectKind): void
}): React.JSX.Element {
  return (
    <fieldset className="kind-choice">
      <legend>Kind</legend>
      {CHOICES.map((c) => (
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
