// Beside an image of a reviewer's list (disagreements, a sample of one annotator's decisions):
// each annotator's current label (a tags project: who marked each tag in dispute present and who
// absent), the adjudicated label if a reviewer already decided it, and that the decision made here
// is adjudicated: it outranks every annotator's (docs/agreement.md).
import type { AnnotatedImage } from '../../../shared/adjudication'

export function AnnotatorLabels(props: { image: AnnotatedImage }): React.JSX.Element {
  const { image } = props
  return (
    <div className="annotator-labels" data-testid="annotator-labels">
      <ul>
        {image.labels.map((l) => (
          <li key={l.annotator}>
            {l.annotator}: <strong>{l.label ?? '(none of these)'}</strong>
          </li>
        ))}
        {image.tags.map((t) => (
          <li key={t.labelId}>
            <strong>{t.label}</strong>: present {t.present.join(', ') || '—'}; absent{' '}
            {t.absent.join(', ') || '—'}
          </li>
        ))}
      </ul>
      {image.adjudicated && (
        <div className="muted small">
          Adjudicated before: <strong>{image.adjudicated}</strong>
        </div>
      )}
      <div className="muted small">Your decision here is the adjudicated label.</div>
    </div>
  )
}
