// Start: recent projects, the sample project, a new project form, and the model choices on first run.
import { useEffect, useRef, useState } from 'react'
import type { PresetInfo, ProjectKind, RecentProject } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { FolderPicker } from '../components/FolderPicker'
import { ProjectKindField } from '../components/ProjectKindField'
import { OpenTeamButton } from './OpenTeamDialog'
import { TrySamples } from '../components/TrySamples'
import { ModelChoices } from '../components/ModelChoices'
import { useApp } from '../context'
import { parseLabels, parseTemplates } from '../lib/labels'
import { STALE, useLatest } from '../lib/latest'
import { phrased } from '../../../shared/remedies'
import { scriptWarning } from '../../../shared/scripts'
import { freeProjectFileName, projectFileFor, typedProjectPath } from '../lib/project-file'
import { i18n, useTranslation } from '../i18n'

type Picker = null | 'root' | 'projectDir' | 'openProject'

export function StartScreen(): React.JSX.Element {
  const { t } = useTranslation(['start', 'common'])
  const { api, info, model, setProject, go, notify } = useApp()
  const [recent, setRecent] = useState<RecentProject[]>([])
  const [presets, setPresets] = useState<PresetInfo[]>([])
  const [name, setName] = useState('')
  const [projectPath, setProjectPath] = useState('')
  const [roots, setRoots] = useState<string[]>([])
  const [rootInput, setRootInput] = useState('')
  const [labelsText, setLabelsText] = useState('')
  const [kind, setKind] = useState<ProjectKind>('single')
  const [templatesText, setTemplatesText] = useState('')
  const [picker, setPicker] = useState<Picker>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    call(api, 'projects.recent', {}).then(setRecent, (e) => notify(toAppError(e).message))
    call(api, 'presets.list', {}).then(setPresets, () => setPresets([]))
  }, [api, notify])

  // the file follows the name (free in its folder) until the path is typed by hand
  const [projectDir, setProjectDir] = useState('')
  const [pathTyped, setPathTyped] = useState(false)
  // set in the input's own handler, so a listing that answers after the person typed a path (before
  // the effect below re-runs) can never overwrite it
  const typedRef = useRef(false)
  // the last path filled in for the person: text typed after it is read against it (typedProjectPath)
  const suggestedRef = useRef('')
  const defaultDir = projectDir || (info?.dataDir ? `${info.dataDir.replace(/[\\/]$/, '')}/projects` : '')
  useEffect(() => {
    const dir = defaultDir
    if (pathTyped || !dir) return
    let live = true
    const follow = (taken: string[]): void => {
      if (!live || typedRef.current) return
      suggestedRef.current = `${dir}/${freeProjectFileName(name, taken)}`
      setProjectPath(suggestedRef.current)
    }
    call(api, 'fs.list', { path: dir }).then(
      (l) => follow(l.entries.map((e) => e.name)),
      () => follow([])
    )
    return () => {
      live = false
    }
  }, [api, defaultDir, name, pathTyped])

  const opened = (p: Awaited<ReturnType<typeof call<'project.open'>>>, fresh = false): void => {
    setProject(p)
    const c = p.counts
    // a new project is still being scanned: its counts are not known yet
    go(fresh || c.images === 0 || c.prelabeled < c.images - c.unreadable - c.missing ? 'prelabel' : 'review')
  }

  const guard = async (f: () => Promise<void>): Promise<void> => {
    setBusy(true)
    try {
      await f()
    } catch (err) {
      notify(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }

  // the sample is tiny (79 images, the demo model): it is pre-labelled at once, so the screen it
  // lands on shows the run finishing and Review as the next step, not a 0 of 79 and a Start button
  const openSample = (which: { kind?: ProjectKind; language?: 'zh' } = {}): Promise<void> =>
    guard(async () => {
      const p = await call(api, 'project.openSample', which)
      opened(p)
      const c = p.counts
      if (c.prelabeled < c.images - c.unreadable - c.missing) await call(api, 'prelabel.start', {})
    })

  // picking another preset before the first one arrived: the last pick fills the box
  const labelsPreset = useLatest()
  const templatesPreset = useLatest()
  const loadPreset = (presetName: string, what: 'labels' | 'templates'): Promise<void> =>
    guard(async () => {
      const latest = what === 'labels' ? labelsPreset : templatesPreset
      const p = await latest.run(() => call(api, 'presets.get', { name: presetName }))
      if (p === STALE) return
      if (what === 'labels') setLabelsText(p.classes.join('\n'))
      else setTemplatesText(p.templates.join('\n'))
    })

  const addRoot = (p: string): void => {
    const t = p.trim()
    if (t && !roots.includes(t)) setRoots([...roots, t])
    setRootInput('')
  }

  const create = (): Promise<void> =>
    guard(async () => {
      const allRoots = rootInput.trim() ? [...roots, rootInput.trim()] : roots
      if (allRoots.length === 0) throw new Error(i18n.t('start:start.addAtLeastOneImage'))
      const labels = parseLabels(labelsText)
      if (labels.length < (kind === 'tags' ? 1 : 2))
        throw new Error(
          kind === 'tags'
            ? i18n.t('start:start.typeAtLeastOneTag')
            : i18n.t('start:start.typeAtLeastTwoLabels')
        )
      const { templates, invalid } = parseTemplates(templatesText)
      if (invalid.length) throw new Error(i18n.t('start:start.templateNeedsSlot', { value: invalid[0] }))
      const p = await call(api, 'project.create', {
        path: projectFileFor(projectPath, defaultDir),
        name: name.trim() || undefined,
        roots: allRoots,
        labels,
        templates: templates.length ? templates : undefined,
        kind
      })
      opened(p, true)
    })

  const parsedLabels = parseLabels(labelsText)
  const labelCount = parsedLabels.length
  // a label or template in a script the model cannot read scores as noise: said while typing
  const reads = model?.reads ?? 'english'
  const names = parsedLabels.map((l) => l.name)
  const labelScript = scriptWarning(names, 'label', reads)
  const templateScript = scriptWarning(parseTemplates(templatesText).templates, 'template', reads)

  return (
    <main className="screen" aria-labelledby="start-title">
      <h1 id="start-title">Zebra</h1>
      {model?.loading && !model.loaded && (
        <p role="status" data-testid="model-loading">
          {t('start.loadingTheModel')} {model.name ?? ''}…
        </p>
      )}
      {model && !model.loaded && !model.loading && (
        <section aria-labelledby="first-run" className="first-run">
          <h2 id="first-run">{t('start.firstAModel')}</h2>
          {model.error && model.path ? (
            <p role="alert" className="error" data-testid="model-failed">
              {t('start.theModelUsedLastDid', { name: model.name, phrased: phrased(model.error, 'gui') })}
            </p>
          ) : (
            <p className="muted">{t('start.noClipModelIsLoaded')}</p>
          )}
          <ModelChoices />
        </section>
      )}
      <div className="two-col">
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">{t('start.recentProjects')}</h2>
          {recent.length === 0 && <p className="muted">{t('start.noneYet')}</p>}
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className="link"
                  disabled={!r.exists || busy}
                  aria-label={t('start.openProject', { name: r.name })}
                  onClick={() =>
                    void guard(async () => opened(await call(api, 'project.open', { path: r.path })))
                  }
                >
                  <strong>{r.name}</strong>
                  <span className="muted mono small"> {r.path}</span>
                  {!r.exists && <span className="badge"> {t('start.missing')}</span>}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setPicker('openProject')} aria-label={t('start.openFile')}>
            {t('start.openProjectFile')}
          </button>{' '}
          <OpenTeamButton disabled={busy} onOpened={(p) => opened(p)} />
          <hr />
          <TrySamples busy={busy} open={(which) => void openSample(which)} />
        </section>

        <section className="card" aria-labelledby="new-title">
          <h2 id="new-title">{t('start.newProject')}</h2>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault()
              void create()
            }}
          >
            <label>
              {t('start.name')}
              <input
                aria-label={t('start.projectName')}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="optional"
              />
            </label>
            <label>
              {t('start.projectFile')}
              <span className="row">
                <input
                  aria-label={t('start.projectFilePath')}
                  className="grow mono"
                  value={projectPath}
                  onChange={(e) => {
                    typedRef.current = true
                    setPathTyped(true)
                    setProjectPath(typedProjectPath(suggestedRef.current, e.target.value))
                  }}
                />
                <button
                  type="button"
                  aria-label={t('start.chooseTheProjectFolder')}
                  onClick={() => setPicker('projectDir')}
                >
                  {t('start.folder')}
                </button>
              </span>
            </label>
            <ProjectKindField value={kind} onChange={setKind} />
            <fieldset>
              <legend>{t('start.imageFolders')}</legend>
              <ul className="roots" aria-label={t('start.imageFolders')}>
                {roots.map((r) => (
                  <li key={r} className="row">
                    <span className="grow mono small">{r}</span>
                    <button
                      type="button"
                      aria-label={t('start.removeFolder', { r })}
                      onClick={() => setRoots(roots.filter((x) => x !== r))}
                    >
                      {t('start.remove')}
                    </button>
                  </li>
                ))}
              </ul>
              <span className="row">
                <input
                  aria-label={t('start.imageFolderPath')}
                  className="grow mono"
                  placeholder={t('start.pathToImages')}
                  value={rootInput}
                  onChange={(e) => setRootInput(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault()
                      addRoot(rootInput)
                    }
                  }}
                />
                <button
                  type="button"
                  aria-label={t('start.addTypedFolder')}
                  onClick={() => addRoot(rootInput)}
                >
                  {t('start.add')}
                </button>
                <button
                  type="button"
                  aria-label={t('start.browseForAnImageFolder')}
                  onClick={() => setPicker('root')}
                >
                  {t('start.browse')}
                </button>
              </span>
            </fieldset>
            <label>
              {t('start.labels')}{' '}
              <span className="muted small">{t('start.onePerLineOptionallyName', { labelCount })}</span>
              <textarea
                aria-label={t('start.labelsOnePerLine')}
                rows={6}
                value={labelsText}
                onChange={(e) => setLabelsText(e.target.value)}
                placeholder={t('start.catASmallDomesticatedFeline')}
              />
              {labelScript && (
                <span role="status" className="warn small" data-testid="label-script-warning">
                  {labelScript}
                </span>
              )}
            </label>
            <label>
              {t('start.labelPreset')}{' '}
              <select
                aria-label={t('start.labelPreset')}
                value=""
                onChange={(e) => e.target.value && void loadPreset(e.target.value, 'labels')}
              >
                <option value="">{t('start.chooseToFillTheLabels')}</option>
                {presets
                  .filter((p) => p.classes > 0)
                  .map((p) => (
                    <option key={p.name} value={p.name}>
                      {t('start.classes', { name: p.name, classes: p.classes })}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              {t('start.promptTemplates')}{' '}
              <span className="muted small">{t('start.onePerLineWithEmpty')}</span>
              <textarea
                aria-label={t('start.promptTemplatesOnePerLine')}
                rows={3}
                value={templatesText}
                onChange={(e) => setTemplatesText(e.target.value)}
                placeholder={t('start.aPhotoOfA')}
              />
              {templateScript && (
                <span role="status" className="warn small" data-testid="template-script-warning">
                  {templateScript}
                </span>
              )}
            </label>
            <label>
              {t('start.templatePreset')}{' '}
              <select
                aria-label={t('start.templatePreset')}
                value=""
                onChange={(e) => e.target.value && void loadPreset(e.target.value, 'templates')}
              >
                <option value="">{t('start.chooseToFillTheTemplates')}</option>
                {presets
                  .filter((p) => p.templates > 0)
                  .map((p) => (
                    <option key={p.name} value={p.name}>
                      {t('start.templates', { name: p.name, templates: p.templates })}
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={busy} aria-label={t('start.createProject')}>
              {t('start.createProject')}
            </button>
          </form>
        </section>
      </div>
      {picker && (
        <FolderPicker
          title={
            picker === 'root'
              ? t('start.chooseAnImageFolder')
              : picker === 'projectDir'
                ? t('start.whereToSaveTheProject')
                : t('start.openAProject')
          }
          mode={picker === 'openProject' ? 'file' : 'folder'}
          accept={/\.(zebra|sqlite|db)$/i}
          onClose={() => setPicker(null)}
          onPick={(p) => {
            const which = picker
            setPicker(null)
            if (which === 'root') addRoot(p)
            else if (which === 'projectDir') {
              const dir = p.replace(/[\\/]$/, '')
              if (pathTyped) setProjectPath(`${dir}/${projectPath.split(/[\\/]/).pop() || 'project.zebra'}`)
              else setProjectDir(dir)
            } else void guard(async () => opened(await call(api, 'project.open', { path: p })))
          }}
        />
      )}
    </main>
  )
}
