// Beside an image of a reviewer's list (disagreements, a sample of one annotator's decisions):
// each annotator's current label (a tags project: who marked each tag in dispute present and who
// absent), the adjudicated label if a reviewer already decided it, and that the decision made here
// is adjudicated: it outranks every annotator's (docs/agreement.md).
import type { AnnotatedImage } from '../../../shared/adjudication'
import { useTranslation } from '../i18n'

export function AnnotatorLabels(props: { image: AnnotatedImage }): React.JSX.Element {
  const { t } = useTranslation(['review', 'common'])
  const { image } = props
  return (
    <div className="annotator-labels" data-testid="annotator-labels">
      <ul>
        {image.labels.map((l) => (
          <li key={l.annotator}>
            {l.annotator}: <strong>{l.label ?? t('annotatorLabels.noneOfThese')}</strong>
          </li>
        ))}
        {image.tags.map((tag) => (
          <li key={tag.labelId}>
            <strong>{tag.label}</strong>
            {t('annotatorLabels.present')} {tag.present.join(', ') || '—'}
            {t('annotatorLabels.absent')} {tag.absent.join(', ') || '—'}
          </li>
        ))}
      </ul>
      {image.adjudicated && (
        <div className="muted small">
          {t('annotatorLabels.adjudicatedBefore')} <strong>{image.adjudicated}</strong>
        </div>
      )}
      <div className="muted small">{t('annotatorLabels.yourDecisionHereIsThe')}</div>
    </div>
  )
}
