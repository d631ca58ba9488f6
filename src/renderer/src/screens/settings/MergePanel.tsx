// The Merge tab: "Merge another copy of this project…" folds the decisions of copies annotators
// worked on offline into this project (project.merge). The dialog previews first (a dry run that
// writes nothing, with the report the CLI prints), and Merge is offered only for the copies that
// preview was of; unmatched images and anything that could not be merged are shown as they come.
import { useState } from 'react'
import { mergeFailed, mergeReportLines, type MergeReport } from '../../../../shared/contract'
import { phrased } from '../../../../shared/remedies'
import { call, toAppError } from '../../api'
import { Dialog } from '../../components/Dialog'
import { FolderPicker } from '../../components/FolderPicker'
import { useApp } from '../../context'
import { i18n, useTranslation } from '../../i18n'

export function MergePanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { project } = useApp()
  const [open, setOpen] = useState(false)
  return (
    <div className="form" aria-label={t('mergePanel.mergeCopies')}>
      <p className="muted small">{t('mergePanel.annotatorsCanEachTakeA')}</p>
      <div className="row">
        <button type="button" disabled={!!project?.readOnly} onClick={() => setOpen(true)}>
          {t('mergePanel.mergeAnotherCopyOfThis')}
        </button>
      </div>
      {open && <MergeDialog onClose={() => setOpen(false)} />}
    </div>
  )
}

function MergeDialog(props: { onClose(): void }): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { api, project, refreshProject, notify } = useApp()
  const [sources, setSources] = useState<string[]>([])
  const [typed, setTyped] = useState('')
  const [picking, setPicking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [report, setReport] = useState<MergeReport | null>(null)
  // the sources the shown preview was made for: Merge merges exactly what was previewed
  const [previewed, setPreviewed] = useState<string | null>(null)
  const key = JSON.stringify(sources)

  const add = (path: string): void => {
    const p = path.trim()
    if (p && !sources.includes(p)) setSources([...sources, p])
    setTyped('')
  }
  const run = async (dryRun: boolean): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const r = await call(api, 'project.merge', { sources, dryRun })
      setReport(r)
      setPreviewed(dryRun ? key : null)
      if (!dryRun) {
        void refreshProject()
        notify(
          mergeFailed(r)
            ? i18n.t('settings:mergePanel.mergedButSomeDecisionsCould')
            : i18n.t('settings:mergePanel.merged'),
          mergeFailed(r) ? 'error' : 'info'
        )
      }
    } catch (err) {
      setReport(null)
      setPreviewed(null)
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={t('mergePanel.mergeCopiesOfThisProject')}
      onClose={props.onClose}
      wide
      testId="merge-dialog"
    >
      <div className="form">
        <label>
          {t('mergePanel.aCopyOfThisProject')}
          <span className="row">
            <input
              aria-label={t('mergePanel.copyToMerge')}
              className="grow mono"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  add(typed)
                }
              }}
            />
            <button type="button" onClick={() => add(typed)} disabled={!typed.trim()}>
              {t('mergePanel.add')}
            </button>
            <button type="button" onClick={() => setPicking(true)} aria-label={t('mergePanel.chooseACopy')}>
              {t('mergePanel.choose')}
            </button>
          </span>
        </label>
        {sources.length > 0 && (
          <ul className="small mono" aria-label={t('mergePanel.copiesToMerge')}>
            {sources.map((s) => (
              <li key={s}>
                {s}{' '}
                <button
                  type="button"
                  className="icon"
                  aria-label={t('mergePanel.remove', { s })}
                  onClick={() => setSources(sources.filter((x) => x !== s))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {report && (
          <pre className="result small" role="status" data-testid="merge-report">
            {mergeReportLines(report).join('\n')}
          </pre>
        )}
        <footer className="row end">
          <button type="button" onClick={props.onClose}>
            {report && !report.dryRun ? t('mergePanel.done') : t('mergePanel.cancel')}
          </button>
          <button type="button" disabled={busy || sources.length === 0} onClick={() => void run(true)}>
            {t('mergePanel.preview')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || previewed !== key || !!project?.readOnly}
            onClick={() => void run(false)}
          >
            {busy ? t('mergePanel.working') : t('mergePanel.merge')}
          </button>
        </footer>
      </div>
      {picking && (
        <FolderPicker
          title={t('mergePanel.aCopyOfThisProject2')}
          mode="file"
          accept={/\.zebra$/i}
          start={project?.path ? project.path.replace(/[/\\][^/\\]*$/, '') : undefined}
          onClose={() => setPicking(false)}
          onPick={(p) => {
            add(p)
            setPicking(false)
          }}
        />
      )}
    </Dialog>
  )
}
