// The Kind tab: one label per image, or tags (any number per image, each decided on its own).
// Turning a project into a tags project keeps every decision (an accepted label becomes that tag
// present); turning it back is refused while an image has two tags, and the service's message
// says which, so it is shown as it comes.
import { useState } from 'react'
import type { ProjectKind } from '../../../../shared/contract'
import { call, toAppError } from '../../api'
import { useApp } from '../../context'
import { i18n, useTranslation } from '../../i18n'

const NAME = (): Record<ProjectKind, string> => ({
  single: i18n.t('settings:kindPanel.oneLabelPerImage'),
  tags: i18n.t('settings:kindPanel.tagsAnyNumberPerImage')
})

export function KindPanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { api, project, setProject, notify } = useApp()
  const kind: ProjectKind = project?.kind ?? 'single'
  const other: ProjectKind = kind === 'tags' ? 'single' : 'tags'
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<string | null>(null)

  const turn = async (): Promise<void> => {
    setBusy(true)
    setRefused(null)
    try {
      const p = await call(api, 'project.setKind', { kind: other })
      setProject(p)
      notify(i18n.t('settings:kindPanel.thisProjectIsNowIts', { value: NAME()[other] }), 'info')
    } catch (err) {
      setRefused(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="form" aria-label={t('kindPanel.projectKind')}>
      <p>
        {t('kindPanel.thisProjectDecides')} <strong data-testid="project-kind">{NAME()[kind]}</strong>.
      </p>
      <p className="muted small">
        {kind === 'tags' ? t('kindPanel.eachImageShowsEveryTag') : t('kindPanel.eachImageGetsOneLabel')}
      </p>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy || !!project?.readOnly}
          onClick={() => void turn()}
        >
          {other === 'tags' ? t('kindPanel.turnIntoATagsProject') : t('kindPanel.turnIntoAOneLabel')}
        </button>
      </div>
      {refused && (
        <p role="alert" className="error" data-testid="kind-refused">
          {refused}
        </p>
      )}
    </div>
  )
}
