// The app shell: navigation, shared state, event subscriptions, theme, toasts.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AppInfo, JobProgress, ModelStatus, ProjectSummary, ZebraApi } from '../../shared/contract'
import { call, toApiError } from './api'
import { CompareSlot } from './CompareSlot'
import { DEMO_NOTE } from './components/ModelChoices'
import { AppContext, type AppState, type Screen } from './context'
import { GridScreen } from './screens/Grid'
import { ExportDialog } from './screens/ExportDialog'
import { ModelScreen } from './screens/Model'
import { PrelabelScreen } from './screens/Prelabel'
import { ReviewScreen } from './screens/Review'
import { StartScreen } from './screens/Start'
import { applyTheme, loadTheme, nextTheme, type ThemeChoice } from './theme'

const TABS: { id: Screen; label: string; needsProject: boolean }[] = [
  { id: 'start', label: 'Start', needsProject: false },
  { id: 'model', label: 'Model', needsProject: false },
  { id: 'prelabel', label: 'Pre-label', needsProject: true },
  { id: 'review', label: 'Review', needsProject: true },
  { id: 'grid', label: 'Grid', needsProject: true },
  { id: 'compare', label: 'Compare', needsProject: true }
]

interface Toast {
  id: number
  message: string
  kind: 'error' | 'info'
}

export function App(props: { api: ZebraApi }): React.JSX.Element {
  const { api } = props
  const [screen, setScreen] = useState<Screen>('start')
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [model, setModel] = useState<ModelStatus | null>(null)
  const [project, setProject] = useState<ProjectSummary | null>(null)
  const [jobs, setJobs] = useState<Record<string, JobProgress>>({})
  const [toasts, setToasts] = useState<Toast[]>([])
  const [exporting, setExporting] = useState(false)
  const [theme, setTheme] = useState<ThemeChoice>(loadTheme)
  const toastId = useRef(0)

  const notify = useCallback(
    (message: string, kind: 'error' | 'info' = 'error') => {
      const id = ++toastId.current
      setToasts((t) => [...t.slice(-3), { id, message, kind }])
      setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 8_000 : 3_000)
      if (kind === 'error') api.send('renderer.log', { level: 'warn', message: `shown to user: ${message}` })
    },
    [api]
  )
  const refreshProject = useCallback(async () => {
    try {
      setProject(await call(api, 'project.summary', {}))
    } catch (err) {
      notify(toApiError(err).message)
    }
  }, [api, notify])
  const refreshModel = useCallback(async () => {
    try {
      setModel(await call(api, 'model.status', {}))
    } catch (err) {
      notify(toApiError(err).message)
    }
  }, [api, notify])

  useEffect(() => applyTheme(theme), [theme])

  useEffect(() => {
    call(api, 'app.info', {}).then(setInfo, (e) => notify(toApiError(e).message))
    void refreshModel()
    call(api, 'project.summary', {}).then(
      (p) => {
        setProject(p)
        if (p) setScreen('review')
      },
      () => undefined
    )
    call(api, 'jobs.list', {}).then(
      (list) => setJobs(Object.fromEntries(list.map((j) => [j.jobId, j]))),
      () => undefined
    )
    const offs = [
      api.on('job.progress', (j) => setJobs((all) => ({ ...all, [j.jobId]: j }))),
      api.on('model.changed', setModel),
      api.on('project.changed', (e) => {
        if (e.reason === 'closed') setProject(null)
        else if (e.reason !== 'decision') void refreshProject()
      })
    ]
    const onError = (e: ErrorEvent): void =>
      api.send('renderer.log', { level: 'error', message: `${e.message}` })
    window.addEventListener('error', onError)
    return () => {
      offs.forEach((off) => off())
      window.removeEventListener('error', onError)
    }
  }, [api, notify, refreshModel, refreshProject])

  const state: AppState = useMemo(
    () => ({
      api,
      info,
      model,
      project,
      jobs,
      go: setScreen,
      refreshProject,
      refreshModel,
      setProject,
      setModel,
      notify,
      openExport: () => setExporting(true)
    }),
    [api, info, model, project, jobs, refreshProject, refreshModel, notify]
  )

  const closeProject = async (): Promise<void> => {
    try {
      await call(api, 'project.close', {})
      setProject(null)
      setScreen('start')
    } catch (err) {
      notify(toApiError(err).message)
    }
  }

  const current = project || !TABS.find((t) => t.id === screen)?.needsProject ? screen : 'start'

  return (
    <AppContext.Provider value={state}>
      <a href="#content" className="skip">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          <span className="logo">Z</span> Zebra
        </span>
        <nav aria-label="Screens" className="tabs">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              className={current === t.id ? 'tab active' : 'tab'}
              aria-current={current === t.id ? 'page' : undefined}
              aria-label={`${t.label} screen`}
              disabled={t.needsProject && !project}
              onClick={() => setScreen(t.id)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <span className="grow" />
        {project && (
          <>
            <span className="project-name" title={project.path}>
              {project.name}
              {project.sample && <span className="badge warn"> sample</span>}
            </span>
            <button type="button" aria-label="Export labels" onClick={() => setExporting(true)}>
              Export…
            </button>
            <button type="button" aria-label="Close project" onClick={() => void closeProject()}>
              Close
            </button>
          </>
        )}
        {model?.loaded && model.demo && (
          <span className="badge warn" title={DEMO_NOTE}>
            demo model
          </span>
        )}
        <button
          type="button"
          aria-label={`Theme: ${theme} (click to change)`}
          title={`Theme: ${theme}`}
          onClick={() => setTheme(nextTheme(theme))}
        >
          {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
        </button>
      </header>
      <div id="content" className="content">
        {current === 'start' && <StartScreen />}
        {current === 'model' && <ModelScreen />}
        {current === 'prelabel' && <PrelabelScreen />}
        {current === 'review' && <ReviewScreen />}
        {current === 'grid' && <GridScreen />}
        {current === 'compare' && <CompareSlot />}
      </div>
      {exporting && project && <ExportDialog onClose={() => setExporting(false)} />}
      <div className="toasts" aria-live="assertive">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            {t.message}
            <button
              type="button"
              className="icon"
              aria-label="Dismiss"
              onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </AppContext.Provider>
  )
}
