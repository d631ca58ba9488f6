// The app shell: navigation, shared state, event subscriptions, theme, toasts.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AppInfo, JobProgress, ModelStatus, ProjectSummary, ZebraApi } from '../../shared/contract'
import { call } from './api'
import { STALE, useLatest } from './lib/latest'
import { forget, recall, rememberProject } from './lib/resume'
import { TeamPill } from './components/TeamPill'
import { CompareSlot } from './CompareSlot'
import { AppContext, type AppState, type ReviewList, type Screen } from './context'
import { ScanNotice } from './components/ScanNotice'
import { GridScreen } from './screens/Grid'
import { ExportDialog } from './screens/ExportDialog'
import { ModelScreen } from './screens/Model'
import { PrelabelScreen } from './screens/Prelabel'
import { ProjectSettingsScreen } from './screens/ProjectSettings'
import { ReviewScreen } from './screens/Review'
import { StartScreen } from './screens/Start'
import { TagPassScreen } from './screens/TagPass'
import { applyTheme, loadTheme, nextTheme, type ThemeChoice } from './theme'
import { applyLanguage, i18n, shownError, useTranslation } from './i18n'

const TABS: { id: Screen; needsProject: boolean; tagsOnly?: boolean }[] = [
  { id: 'start', needsProject: false },
  { id: 'model', needsProject: false },
  { id: 'prelabel', needsProject: true },
  { id: 'review', needsProject: true },
  { id: 'grid', needsProject: true },
  { id: 'tagpass', needsProject: true, tagsOnly: true },
  { id: 'compare', needsProject: true },
  { id: 'settings', needsProject: true }
]

interface Toast {
  id: number
  message: string
  kind: 'error' | 'info'
}

export function App(props: { api: ZebraApi }): React.JSX.Element {
  const { api } = props
  const { t } = useTranslation()
  const [screen, setScreen] = useState<Screen>('start')
  const [reviewFocus, setReviewFocus] = useState<number | null>(null)
  const [reviewList, setReviewList] = useState<ReviewList | null>(null)
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [model, setModel] = useState<ModelStatus | null>(null)
  const [project, setProject] = useState<ProjectSummary | null>(null)
  const [jobs, setJobs] = useState<Record<string, JobProgress>>({})
  const [toasts, setToasts] = useState<Toast[]>([])
  const [exporting, setExporting] = useState(false)
  const [theme, setTheme] = useState<ThemeChoice>(loadTheme)
  const [serverDown, setServerDown] = useState(false)
  // bumped when the project is reopened after a server restart: review starts over at its image
  const [reopened, setReopened] = useState(0)
  const [settingsTab, setSettingsTab] = useState<string | undefined>(undefined)
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
  // project.changed / model.changed events and screens refresh often and can overlap: only the
  // latest summary counts, and a project or model set directly (opened, created, loaded) wins over
  // any refresh still on its way
  const projectReq = useLatest()
  const modelReq = useLatest()
  const refreshProject = useCallback(async () => {
    try {
      const p = await projectReq.run(() => call(api, 'project.summary', {}))
      if (p !== STALE) setProject(p)
    } catch (err) {
      notify(shownError(err))
    }
  }, [api, notify, projectReq])
  const refreshModel = useCallback(async () => {
    try {
      const m = await modelReq.run(() => call(api, 'model.status', {}))
      if (m !== STALE) setModel(m)
    } catch (err) {
      notify(shownError(err))
    }
  }, [api, notify, modelReq])
  const setProjectNow = useCallback(
    (p: ProjectSummary | null) => {
      projectReq.cancel()
      setProject(p)
    },
    [projectReq]
  )
  const setModelNow = useCallback(
    (m: ModelStatus) => {
      modelReq.cancel()
      setModel(m)
    },
    [modelReq]
  )

  useEffect(() => applyTheme(theme), [theme])
  useEffect(() => {
    if (project) rememberProject(project.path)
  }, [project])
  useEffect(() => api.onConnection?.((up) => setServerDown(!up)), [api])

  /**
   * The server's open project, or, when it has none but this tab had one (the server restarted),
   * that project reopened at the image the tab was on. Null: no project.
   */
  // the instance's t, not the hook's: the hook's changes with the language, and a new resume would
  // run the mount effect again (every subscription anew, and the screen back to Review)
  const resume = useCallback(async (): Promise<ProjectSummary | null | typeof STALE> => {
    const p = await projectReq.run(() => call(api, 'project.summary', {}))
    const r = recall()
    if (p === STALE || p || !r) return p
    try {
      // not a "latest" request: the open's own project.changed starts a refresh that must not
      // outrank it; a project set directly wins over any refresh still on its way
      const again = await call(api, 'project.open', { path: r.path })
      projectReq.cancel()
      if (r.imageId !== null) setReviewFocus(r.imageId)
      setReopened((n) => n + 1)
      notify(i18n.t('reopened', { name: again.name }), 'info')
      return again
    } catch (err) {
      forget()
      notify(i18n.t('reopenFailed', { path: r.path, error: shownError(err) }))
      return null
    }
  }, [api, notify, projectReq])

  useEffect(() => {
    applyLanguage(info?.language ?? 'system')
  }, [info?.language])

  useEffect(() => {
    call(api, 'app.info', {}).then(setInfo, (e) => notify(shownError(e)))
    void refreshModel()
    resume().then(
      (p) => {
        if (p === STALE) return
        setProject(p)
        if (p) setScreen('review')
      },
      () => undefined
    )
    const loadJobs = (): void =>
      void call(api, 'jobs.list', {}).then(
        (list) => setJobs(Object.fromEntries(list.map((j) => [j.jobId, j]))),
        () => undefined
      )
    loadJobs()
    const offs = [
      api.on('job.progress', (j) => setJobs((all) => ({ ...all, [j.jobId]: j }))),
      api.on('model.changed', setModelNow),
      api.on('project.changed', (e) => {
        if (e.reason === 'closed') {
          forget()
          setProjectNow(null)
        } else if (e.reason === 'reconnected') {
          // the server came back, maybe restarted: without the project this tab had, and without
          // the jobs shown as running
          void resume().then(
            (p) => p !== STALE && setProject(p),
            (err) => notify(shownError(err))
          )
          loadJobs()
        } else if (e.reason !== 'decision') void refreshProject()
      })
    ]
    const onError = (e: ErrorEvent): void =>
      api.send('renderer.log', { level: 'error', message: `${e.message}` })
    window.addEventListener('error', onError)
    return () => {
      offs.forEach((off) => off())
      window.removeEventListener('error', onError)
    }
  }, [api, notify, refreshModel, refreshProject, resume, setModelNow, setProjectNow])

  const state: AppState = useMemo(
    () => ({
      api,
      info,
      model,
      project,
      jobs,
      go: setScreen,
      openSettings: (tab: string) => {
        setSettingsTab(tab)
        setScreen('settings')
      },
      refreshProject,
      refreshModel,
      setProject: setProjectNow,
      setModel: setModelNow,
      notify,
      openExport: () => setExporting(true),
      setAnnotator: async (annotator: string) => setInfo(await call(api, 'app.setAnnotator', { annotator })),
      setLanguage: async (language) => setInfo(await call(api, 'app.setLanguage', { language })),
      openInReview: (imageId: number) => {
        setReviewFocus(imageId)
        setScreen('review')
      },
      reviewFocus,
      clearReviewFocus: () => setReviewFocus(null),
      openListInReview: (list: ReviewList) => {
        setReviewList(list)
        setScreen('review')
      },
      reviewList,
      clearReviewList: () => setReviewList(null)
    }),
    [
      api,
      info,
      model,
      project,
      jobs,
      refreshProject,
      refreshModel,
      setProjectNow,
      setModelNow,
      notify,
      reviewFocus,
      reviewList
    ]
  )

  const closeProject = async (): Promise<void> => {
    try {
      await call(api, 'project.close', {})
      forget()
      setProjectNow(null)
      setScreen('start')
    } catch (err) {
      notify(shownError(err))
    }
  }

  const tags = project?.kind === 'tags'
  const tabs = TABS.filter((t) => !t.tagsOnly || tags)
  const current =
    (project || !TABS.find((t) => t.id === screen)?.needsProject) && tabs.some((t) => t.id === screen)
      ? screen
      : project
        ? 'review'
        : 'start'

  return (
    <AppContext.Provider value={state}>
      <a href="#content" className="skip">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          <span className="logo">Z</span> Zebra
        </span>
        <nav aria-label={t('screens')} className="tabs">
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              className={current === tab.id ? 'tab active' : 'tab'}
              aria-current={current === tab.id ? 'page' : undefined}
              aria-label={t('tabScreen', { tab: t(`tab.${tab.id}`) })}
              disabled={tab.needsProject && !project}
              onClick={() => {
                setSettingsTab(undefined)
                setScreen(tab.id)
              }}
            >
              {t(`tab.${tab.id}`)}
            </button>
          ))}
        </nav>
        <span className="grow" />
        {project && (
          <>
            <span className="project-name" title={project.path}>
              {project.name}
              {project.sample && <span className="badge warn"> {t('sample')}</span>}
              {project.readOnly && (
                <span className="badge warn" data-testid="read-only" title={t('readOnlyHint')}>
                  {' '}
                  {t('readOnly')}
                </span>
              )}
            </span>
            <TeamPill key={project.path} api={api} />
            <button type="button" aria-label={t('exportLabels')} onClick={() => setExporting(true)}>
              {t('export')}
            </button>
            <button type="button" aria-label={t('closeProject')} onClick={() => void closeProject()}>
              {t('close')}
            </button>
          </>
        )}
        {model?.loaded && model.demo && (
          <span className="badge warn" title={t('demoNote')}>
            {t('demoModel')}
          </span>
        )}
        <button
          type="button"
          aria-label={t('themeChange', { theme: t(`theme.${theme}`) })}
          title={t('themeTitle', { theme: t(`theme.${theme}`) })}
          onClick={() => setTheme(nextTheme(theme))}
        >
          {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
        </button>
      </header>
      {serverDown && (
        <p className="banner warn" role="alert" data-testid="server-down">
          {t('serverDown')}
        </p>
      )}
      <div id="content" className="content">
        {current === 'start' && <StartScreen />}
        {current === 'model' && <ModelScreen />}
        {current === 'prelabel' && <PrelabelScreen />}
        {current === 'review' && <ReviewScreen key={reopened} />}
        {current === 'grid' && <GridScreen />}
        {current === 'tagpass' && <TagPassScreen />}
        {current === 'compare' && <CompareSlot />}
        {current === 'settings' && <ProjectSettingsScreen tab={settingsTab} />}
      </div>
      {exporting && project && <ExportDialog onClose={() => setExporting(false)} />}
      <ScanNotice />
      <div className="toasts" aria-live="assertive">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast toast-${toast.kind}`}
            role={toast.kind === 'error' ? 'alert' : 'status'}
          >
            {toast.message}
            <button
              type="button"
              className="icon"
              aria-label={t('dismiss')}
              onClick={() => setToasts((all) => all.filter((x) => x.id !== toast.id))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </AppContext.Provider>
  )
}
