// The review screen's action buttons under the suggestions: each names its key, and does what the
// key does (reject and correct, skip, not sure, undo, previous, next).
import type { ReviewAction } from '../lib/keys'
import { useTranslation } from '../i18n'

export function ReviewActions(props: { tags: boolean; act(a: ReviewAction): void }): React.JSX.Element {
  const { t } = useTranslation(['review', 'common'])
  return (
    <div className="row wrap">
      {!props.tags && (
        <button
          type="button"
          aria-label={t('reviewView.rejectAndCorrectKey0')}
          onClick={() => props.act({ type: 'reject' })}
        >
          <kbd>0</kbd> {t('reviewView.correct')}
        </button>
      )}
      <button type="button" aria-label={t('reviewView.skipKeyS')} onClick={() => props.act({ type: 'skip' })}>
        <kbd>S</kbd> {t('reviewView.skip')}
      </button>
      {!props.tags && (
        <button
          type="button"
          aria-label={t('reviewView.notSureKeyN')}
          onClick={() => props.act({ type: 'unsure' })}
        >
          <kbd>N</kbd> {t('reviewView.notSure')}
        </button>
      )}
      <button type="button" aria-label={t('reviewView.undoKeyU')} onClick={() => props.act({ type: 'undo' })}>
        <kbd>U</kbd> {t('reviewView.undo')}
      </button>
      <button
        type="button"
        aria-label={t('reviewView.previousImage')}
        onClick={() => props.act({ type: 'prev' })}
      >
        ←
      </button>
      <button
        type="button"
        aria-label={t('reviewView.nextImage')}
        onClick={() => props.act({ type: 'next' })}
      >
        →
      </button>
    </div>
  )
}
