// Start: recent projects, the sample project, a new project form, and the model choices on first run.
import { useEffect, useRef, useState } from 'react'
import type { PresetInfo, ProjectKind, RecentProject } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { FolderPicker } from '../components/FolderPicker'
import { ProjectKindField } from '../components/ProjectKindField'
import { OpenTeamButton } from './OpenTeamDialog'
import { SampleInChineseButton } from '../components/SampleInChineseButton'
import { DEMO_NOTE, ModelChoices } from '../components/ModelChoices'
import { useApp } from '../context'
import { parseLabels, parseTemplates } from '../lib/labels'
import { STALE, useLatest } from '../lib/latest'
import { phrased } from '../../../shared/remedies'
import { scriptWarning } from '../../../shared/scripts'
import { freeProjectFileName, projectFileFor, typedProjectPath } from '../lib/project-file'

type Picker = null | 'root' | 'projectDir' | 'openProject'

export function StartScreen(): React.JSX.Element {
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
      if (allRoots.length === 0) throw new Error('Add at least one image folder.')
      const labels = parseLabels(labelsText)
      if (labels.length < (kind === 'tags' ? 1 : 2))
        throw new Error(
          kind === 'tags'
            ? 'Type at least one tag (one per line), or pick a preset.'
            : 'Type at least two labels (one per line), or pick a preset.'
        )
      const { templates, invalid } = parseTemplates(templatesText)
      if (invalid.length) throw new Error(`Each template needs {} where the label goes: "${invalid[0]}"`)
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
  const labelScript = scriptWarning(parsedLabels.map((l) => l.name))
  const templateScript = scriptWarning(parseTemplates(templatesText).templates, 'template')

  return (
    <main className="screen" aria-labelledby="start-title">
      <h1 id="start-title">Zebra</h1>
      {model?.loading && !model.loaded && (
        <p role="status" data-testid="model-loading">
          Loading the model {model.name ?? ''}…
        </p>
      )}
      {model && !model.loaded && !model.loading && (
        <section aria-labelledby="first-run" className="first-run">
          <h2 id="first-run">First, a model</h2>
          {model.error && model.path ? (
            <p role="alert" className="error" data-testid="model-failed">
              The model used last ({model.name}) did not load: {phrased(model.error, 'gui')}
            </p>
          ) : (
            <p className="muted">No CLIP model is loaded yet. Pick one of these (the demo works offline):</p>
          )}
          <ModelChoices />
        </section>
      )}
      <div className="two-col">
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent projects</h2>
          {recent.length === 0 && <p className="muted">None yet.</p>}
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className="link"
                  disabled={!r.exists || busy}
                  aria-label={`Open project ${r.name}`}
                  onClick={() =>
                    void guard(async () => opened(await call(api, 'project.open', { path: r.path })))
                  }
                >
                  <strong>{r.name}</strong>
                  <span className="muted mono small"> {r.path}</span>
                  {!r.exists && <span className="badge"> missing</span>}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setPicker('openProject')} aria-label="Open a project file">
            Open project file…
          </button>{' '}
          <OpenTeamButton disabled={busy} onOpened={(p) => opened(p)} />
          <hr />
          <h2>Try it</h2>
          <p>
            The sample project: 79 images of coloured shapes (and two photos), labels such as "yellow star"
            and a zebra known only by its description.{' '}
            <strong className="warn">Demo model: {DEMO_NOTE}.</strong>
          </p>
          <button
            type="button"
            aria-label="Try the sample project"
            disabled={busy}
            onClick={() => void openSample()}
          >
            Try the sample project
          </button>{' '}
          <button
            type="button"
            aria-label="Try the tags sample project"
            title="The same images as a tags project: shapes, colours, striped and dotted, any number per image"
            disabled={busy}
            onClick={() => void openSample({ kind: 'tags' })}
          >
            Try it with tags
          </button>{' '}
          <SampleInChineseButton busy={busy} open={() => void openSample({ language: 'zh' })} />
        </section>

        <section className="card" aria-labelledby="new-title">
          <h2 id="new-title">New project</h2>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault()
              void create()
            }}
          >
            <label>
              Name
              <input
                aria-label="Project name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="optional"
              />
            </label>
            <label>
              Project file
              <span className="row">
                <input
                  aria-label="Project file path"
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
                  aria-label="Choose the project folder"
                  onClick={() => setPicker('projectDir')}
                >
                  Folder…
                </button>
              </span>
            </label>
            <ProjectKindField value={kind} onChange={setKind} />
            <fieldset>
              <legend>Image folders</legend>
              <ul className="roots" aria-label="Image folders">
                {roots.map((r) => (
                  <li key={r} className="row">
                    <span className="grow mono small">{r}</span>
                    <button
                      type="button"
                      aria-label={`Remove folder ${r}`}
                      onClick={() => setRoots(roots.filter((x) => x !== r))}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
              <span className="row">
                <input
                  aria-label="Image folder path"
                  className="grow mono"
                  placeholder="/path/to/images"
                  value={rootInput}
                  onChange={(e) => setRootInput(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault()
                      addRoot(rootInput)
                    }
                  }}
                />
                <button type="button" aria-label="Add typed folder" onClick={() => addRoot(rootInput)}>
                  Add
                </button>
                <button
                  type="button"
                  aria-label="Browse for an image folder"
                  onClick={() => setPicker('root')}
                >
                  Browse…
                </button>
              </span>
            </fieldset>
            <label>
              Labels{' '}
              <span className="muted small">one per line, optionally “name: description” ({labelCount})</span>
              <textarea
                aria-label="Labels, one per line"
                rows={6}
                value={labelsText}
                onChange={(e) => setLabelsText(e.target.value)}
                placeholder={'cat: a small domesticated feline\ndog\nbicycle'}
              />
              {labelScript && (
                <span role="status" className="warn small" data-testid="label-script-warning">
                  {labelScript}
                </span>
              )}
            </label>
            <label>
              Label preset{' '}
              <select
                aria-label="Label preset"
                value=""
                onChange={(e) => e.target.value && void loadPreset(e.target.value, 'labels')}
              >
                <option value="">(choose to fill the labels)</option>
                {presets
                  .filter((p) => p.classes > 0)
                  .map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name} ({p.classes} classes)
                    </option>
                  ))}
              </select>
            </label>
            <label>
              Prompt templates{' '}
              <span className="muted small">one per line with {'{}'}; empty = default set</span>
              <textarea
                aria-label="Prompt templates, one per line"
                rows={3}
                value={templatesText}
                onChange={(e) => setTemplatesText(e.target.value)}
                placeholder="a photo of a {}."
              />
              {templateScript && (
                <span role="status" className="warn small" data-testid="template-script-warning">
                  {templateScript}
                </span>
              )}
            </label>
            <label>
              Template preset{' '}
              <select
                aria-label="Template preset"
                value=""
                onChange={(e) => e.target.value && void loadPreset(e.target.value, 'templates')}
              >
                <option value="">(choose to fill the templates)</option>
                {presets
                  .filter((p) => p.templates > 0)
                  .map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name} ({p.templates} templates)
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={busy} aria-label="Create project">
              Create project
            </button>
          </form>
        </section>
      </div>
      {picker && (
        <FolderPicker
          title={
            picker === 'root'
              ? 'Choose an image folder'
              : picker === 'projectDir'
                ? 'Where to save the project'
                : 'Open a project'
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
