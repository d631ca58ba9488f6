// The review bar's right side: who is deciding (a team copy's member name, fixed by the team store,
// else the app's annotator name, which Settings → Annotator changes) and the session's counters.
import type { ReviewStats } from '../../../shared/contract'
import { useApp } from '../context'
import { useTranslation } from '../i18n'
import { pct, perMinute } from '../lib/format'
import { TeamOwnProgress } from '../components/TeamProgress'

export function ReviewAnnotator(): React.JSX.Element | null {
  const { t } = useTranslation('review')
  const { info, project, openSettings } = useApp()
  return project?.team ? (
    // a team copy records every decision under the member's role, whatever the setting says
    <span
      className="counter"
      data-testid="annotator"
      aria-label={t('reviewView.decidingAsTeamMember', { annotator: project.team.annotator })}
      title={t('reviewView.teamRecordsMemberName')}
    >
      {t('reviewView.as', { annotator: project.team.annotator })}
    </span>
  ) : (
    info && (
      <button
        type="button"
        className="link counter"
        data-testid="annotator"
        aria-label={t('reviewView.decidingAsChangeInSettings', { annotator: info.annotator })}
        title={t('reviewView.everyDecisionRecordsThisName')}
        onClick={() => openSettings?.('annotator')}
      >
        {t('reviewView.as', { annotator: info.annotator })}
      </button>
    )
  )
}

export function ReviewCounters(props: {
  stats: ReviewStats | null
  session: { decisions: number; start: number }
  now: number
}): React.JSX.Element {
  const { t } = useTranslation('review')
  const { api, project } = useApp()
  const { stats, session, now } = props
  // a team copy's counter counts every annotator's decisions; the member's own progress beside it
  const reviewed = project?.team ? 'reviewView.reviewedAll' : 'reviewView.reviewed'
  return (
    <>
      <span className="counter" data-testid="counter-reviewed" aria-label={t('reviewView.reviewedOfTotal')}>
        {stats ? t(reviewed, { reviewed: stats.reviewed, total: stats.total }) : '…'}
      </span>
      {project?.team && <TeamOwnProgress api={api} />}
      <span className="counter" aria-label={t('reviewView.acceptRate')}>
        {t('reviewView.accept')} {stats ? pct(stats.acceptRate, 0) : '–'}
      </span>
      <span className="counter" aria-label={t('reviewView.imagesPerMinuteThisSession')}>
        {t('reviewView.imgMin', { toFixed: perMinute(session.decisions, session.start, now).toFixed(1) })}
      </span>
    </>
  )
}
