// Pre-label: run the zero-shot classifier over every image not yet scored; cancel any time and
// resume later (already scored images are skipped by the job). Its numbers and its list of
// unreadable files come from one read of the project file (project.unreadable), refreshed as jobs
// move on, so they agree with each other and survive a restart; the folders and the Scan button
// are here too (new files are found by the scan that opening a project starts).
import { useEffect, useState } from 'react'
import type { JobProgress } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { ProgressBar } from '../components/Progress'
import { useApp } from '../context'
import { FoldersPanel } from './settings/FoldersPanel'
import { latestJob, useImageStatus } from './settings/useProjectData'
import { ImportEmbeddingsDialog } from './ImportEmbeddingsDialog'
import { useTranslation } from '../i18n'

export function PrelabelScreen(): React.JSX.Element {
  const { t } = useTranslation(['prelabel', 'common'])
  const { api, project, jobs, model, go, notify, refreshProject } = useApp()
  const [jobId, setJobId] = useState<string | null>(null)
  const [initial, setInitial] = useState<JobProgress[]>([])
  const [importing, setImporting] = useState(false)

  useEffect(() => {
    // jobs started before this screen opened (or before a reload) are picked up again, and again
    // when the server came back: a restarted one has none of the jobs listed before, and one seen
    // running then would show as running forever (its end was never sent)
    const load = (): void => void call(api, 'jobs.list', {}).then(setInitial, () => undefined)
    load()
    return api.on('project.changed', (e) => {
      if (e.reason === 'reconnected') load()
    })
  }, [api])

  // only the open project's jobs: the run of the project open before is not this one's progress
  const latest = (kind: JobProgress['kind']): JobProgress | null => {
    const last = latestJob([...initial, ...Object.values(jobs)], kind, project?.path ?? null)
    return last ? (jobs[last.jobId] ?? last) : null
  }
  const mine = jobId ? jobs[jobId] : undefined
  const job = (mine && mine.project === (project?.path ?? null) ? mine : null) || latest('prelabel')
  // creating a project scans its folders in the background; pre-label waits for that
  const scan = latest('scan')
  const scanning = scan?.state === 'running'
  const running = job?.state === 'running'
  const { status } = useImageStatus()
  const counts = status?.counts ?? null
  const readable = counts ? counts.images - counts.unreadable - counts.missing : 0
  const unscored = counts ? readable - counts.prelabeled : 0
  const unreadable = status?.unreadable ?? []

  useEffect(() => {
    if (job && job.state !== 'running') void refreshProject()
  }, [job?.state, job, refreshProject])
  useEffect(() => {
    if (scan && scan.state !== 'running') void refreshProject()
  }, [scan?.state, scan, refreshProject])

  const rescan = async (): Promise<void> => {
    try {
      await call(api, 'project.scan', {})
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  const start = async (): Promise<void> => {
    try {
      const r = await call(api, 'prelabel.start', {})
      setJobId(r.jobId)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  return (
    <main className="screen" aria-labelledby="pre-title">
      <h1 id="pre-title">{t('prelabel.preLabel')}</h1>
      <section className="card">
        {counts ? (
          <>
            <p data-testid="image-counts">
              <strong data-testid="prelabeled-count">{counts.prelabeled}</strong> {t('prelabel.of')}{' '}
              <strong data-testid="readable-count">{readable}</strong>{' '}
              {t('prelabel.readableImagesHaveSuggestions')}
            </p>
            <p className="muted small">
              {t('prelabel.filesInTheProjectS', { images: counts.images })}{' '}
              <span data-testid="unreadable-count">{counts.unreadable}</span> {t('prelabel.unreadable')}{' '}
              <span data-testid="missing-count">{counts.missing}</span> {t('prelabel.missing')}
            </p>
            {unscored > 0 && !running && (
              <p data-testid="unscored">
                {unscored === 1 ? t('prelabel.n1ImageHas') : t('prelabel.imagesHave', { unscored })}{' '}
                {t('prelabel.noSuggestionsYetNewFiles')}
              </p>
            )}
          </>
        ) : (
          <p>{project ? t('prelabel.counting') : t('prelabel.noProjectOpen')}</p>
        )}
        {!model?.loaded && <p className="warn">{t('prelabel.loadAModelFirstModel')}</p>}
        <div className="row">
          <button
            type="button"
            className="primary"
            aria-label={
              job && job.state !== 'done' && job.done > 0
                ? t('prelabel.resumePreLabelling')
                : t('prelabel.startPreLabelling')
            }
            disabled={running || scanning || !model?.loaded}
            onClick={() => void start()}
          >
            {job && job.state !== 'done' && job.done > 0 ? t('prelabel.resume') : t('prelabel.start')}
          </button>
          <button
            type="button"
            aria-label={t('prelabel.cancelPreLabelling')}
            disabled={!running}
            onClick={() =>
              job &&
              void call(api, 'jobs.cancel', { jobId: job.jobId }).catch((e) => notify(toAppError(e).message))
            }
          >
            {t('prelabel.cancel')}
          </button>
          {/* review need not wait: what is scored can be reviewed while the rest is pre-labelled */}
          {/* embeddings computed elsewhere (clip-retrieval): scored here without the vision model */}
          <button type="button" disabled={running} onClick={() => setImporting(true)}>
            {t('prelabel.importEmbeddings')}
          </button>
          <button type="button" aria-label={t('prelabel.goToReview')} onClick={() => go('review')}>
            {running ? t('prelabel.reviewTheScoredOnes') : t('prelabel.review')}
          </button>
        </div>
        {scanning && scan && <ProgressBar job={scan} label={t('prelabel.scanningTheImageFolders')} />}
        {job && (
          <>
            <h3 className="small muted">{t('prelabel.thisRunImagesNeededThe', { total: job.total })}</h3>
            <ProgressBar job={job} label={t('prelabel.preLabelProgress')} />
          </>
        )}
        {job?.error && (
          <p role="alert" className="error">
            {job.error.message}
          </p>
        )}
      </section>
      {counts && counts.unreadable > 0 && (
        <section className="card" aria-labelledby="pre-errors">
          <h2 id="pre-errors">{t('prelabel.imagesThatCouldNotBe', { unreadable: counts.unreadable })}</h2>
          <p className="muted small">
            {t('prelabel.theyStayOutOfThe')}{' '}
            <button type="button" disabled={scanning || !!project?.readOnly} onClick={() => void rescan()}>
              {t('prelabel.scanAgain')}
            </button>
          </p>
          <ul className="errors" data-testid="unreadable-list">
            {unreadable.map((e) => (
              <li key={e.imageId}>
                <span className="mono">
                  {e.root}/{e.relPath}
                </span>
                : {e.reason}
              </li>
            ))}
            {counts.unreadable > unreadable.length && (
              <li className="muted">
                {t('prelabel.andMore', { value: counts.unreadable - unreadable.length })}
              </li>
            )}
          </ul>
        </section>
      )}
      <section className="card">
        <FoldersPanel />
      </section>
      {importing && <ImportEmbeddingsDialog onClose={() => setImporting(false)} />}
    </main>
  )
}
