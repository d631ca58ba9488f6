// Compare: which prompt templates work on this project's reviewed images. Runs the comparison
// (compare.run), shows templates ranked by top-1, ensembles vs the best single template, a
// sortable per-class table, the largest confusions with thumbnails, the auto-accept
// coverage/precision curve with the suggested threshold, and the adaptation learning curve; any
// evaluated set (or the greedy selection) can be made the project default (compare.apply),
// which re-scores the suggestions in the background.
import { useCallback, useContext, useEffect, useId, useMemo, useState } from 'react'
import type { PresetInfo, ZebraApi } from '../../../shared/contract'
import type { ClassScore, CompareReport, LearningCurvePoint } from '../../../shared/report'
import { CoverageChart } from '../charts/CoverageChart'
import { EnsembleChart } from '../charts/EnsembleChart'
import { LearningCurveChart } from '../charts/LearningCurveChart'
import { AppContext } from '../context'
import './Compare.css'
import { ThresholdVerdict } from './ThresholdVerdict'
import { useSavedCompare } from './useSavedCompare'

const pct = (v: number, digits = 1): string => `${(v * 100).toFixed(digits)}%`

function errorMessage(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err
    ? String((err as { message: unknown }).message)
    : String(err)
}

const plural = (n: number | undefined, word: string): string =>
  n === undefined ? `the ${word}s` : `${n} ${word}${n === 1 ? '' : 's'}`

type SortKey = 'label' | 'support' | 'precision' | 'recall'

export function sortClasses(rows: ClassScore[], key: SortKey, dir: 'asc' | 'desc'): ClassScore[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const d = key === 'label' ? a.label.localeCompare(b.label) : a[key] - b[key]
    return sign * d || a.label.localeCompare(b.label)
  })
}

export function CompareScreen(props: { api?: ZebraApi }): React.JSX.Element {
  const app = useContext(AppContext)
  const api = props.api ?? app?.api
  if (!api) throw new Error('CompareScreen needs an api (prop or AppContext)')
  const project = app?.project ?? null
  const [summarySets, setSummarySets] = useState(project?.templateSets ?? [])
  const [selected, setSelected] = useState<number[]>(() => (project?.templateSets ?? []).map((s) => s.id))
  const [presets, setPresets] = useState<PresetInfo[]>([])
  const [preset, setPreset] = useState('')
  const [greedy, setGreedy] = useState(true)
  const [report, setReport] = useState<CompareReport | null>(null)
  const [curve, setCurve] = useState<LearningCurvePoint[] | null>(null)
  const [busy, setBusy] = useState<null | 'run' | 'curve' | 'apply'>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'recall', dir: 'asc' })
  const ids = useId()
  useSavedCompare(api, project?.path ?? null, report, (r, note) => (setReport(r), setStatus(note)))

  useEffect(() => {
    let live = true
    api
      .invoke('presets.list', {})
      .then((p) => live && setPresets(p))
      .catch(() => undefined)
    if (!project) {
      api
        .invoke('project.summary', {})
        .then((s) => {
          if (!live || !s) return
          setSummarySets(s.templateSets)
          setSelected(s.templateSets.map((t) => t.id))
        })
        .catch(() => undefined)
    }
    return () => {
      live = false
    }
  }, [api, project])

  useEffect(() => {
    if (project) setSummarySets(project.templateSets)
  }, [project])

  const run = useCallback(async () => {
    setBusy('run')
    setError(null)
    setStatus('Comparing templates…')
    try {
      const r = await api.invoke('compare.run', {
        templateSetIds: selected,
        presets: preset ? [preset] : [],
        greedy
      })
      setReport(r)
      setStatus(
        `Compared ${r.templates.length} templates on ${r.images} reviewed images in ${r.timingMs} ms.`
      )
    } catch (err) {
      setError(errorMessage(err))
      setStatus('')
    } finally {
      setBusy(null)
    }
  }, [api, selected, preset, greedy])

  const loadCurve = useCallback(async () => {
    setBusy('curve')
    setError(null)
    try {
      setCurve(await api.invoke('compare.learningCurve', {}))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(null)
    }
  }, [api])

  const apply = useCallback(
    async (name: string, templates: string[]) => {
      setBusy('apply')
      setError(null)
      try {
        const s = await api.invoke('compare.apply', { name, templates })
        setSummarySets(s.templateSets)
        app?.setProject(s)
        setStatus(`"${name}" is now the project's default template set; suggestions are being re-scored.`)
      } catch (err) {
        setError(errorMessage(err))
      } finally {
        setBusy(null)
      }
    },
    [api, app]
  )

  const ranked = useMemo(
    () => (report ? [...report.templates].sort((a, b) => b.top1 - a.top1) : []),
    [report]
  )
  const best = ranked[0] ?? null
  const detail = report?.ensembles.find((e) => e.name === report.detailEnsemble) ?? null
  const classRows = useMemo(
    () => (report ? sortClasses(report.perClass, sort.key, sort.dir) : []),
    [report, sort]
  )
  const toggleSort = (key: SortKey): void =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'label' ? 'asc' : 'desc' }
    )
  const ariaSort = (key: SortKey): 'ascending' | 'descending' | 'none' =>
    sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'

  return (
    <main className="screen compare" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`}>Compare templates</h1>
      <p className="muted">
        Scores prompt templates against your reviewed images (accepted or corrected), from cached embeddings.
      </p>

      <section className="card compare-controls" aria-label="What to compare">
        <fieldset>
          <legend>Template sets of this project</legend>
          {summarySets.length === 0 && <p className="muted">No template sets.</p>}
          {summarySets.map((s) => (
            <label key={s.id} className="compare-check">
              <input
                type="checkbox"
                checked={selected.includes(s.id)}
                onChange={(e) =>
                  setSelected((cur) => (e.target.checked ? [...cur, s.id] : cur.filter((x) => x !== s.id)))
                }
              />
              {s.name} <span className="muted">({s.templates.length})</span>
            </label>
          ))}
        </fieldset>
        <div className="compare-row">
          <label htmlFor={`${ids}-preset`}>Also a CLIP paper preset</label>
          <select id={`${ids}-preset`} value={preset} onChange={(e) => setPreset(e.target.value)}>
            <option value="">none</option>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name} ({p.templates} templates)
              </option>
            ))}
          </select>
          <label className="compare-check">
            <input type="checkbox" checked={greedy} onChange={(e) => setGreedy(e.target.checked)} />
            Greedy template selection
          </label>
          <button
            type="button"
            className="primary"
            onClick={() => void run()}
            disabled={busy !== null || (selected.length === 0 && !preset)}
          >
            {busy === 'run' ? 'Comparing…' : 'Run comparison'}
          </button>
        </div>
      </section>

      <p className="compare-status" role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      {report && (
        <>
          <section className="card" aria-labelledby={`${ids}-templates`}>
            <h2 id={`${ids}-templates`}>Templates ranked by top-1</h2>
            <table className="compare-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Template</th>
                  <th scope="col">Top-1</th>
                  <th scope="col">Top-5</th>
                  <th scope="col">Mean per class</th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((t, i) => (
                  <tr key={t.template}>
                    <td>{i + 1}</td>
                    <td className="mono">{t.template}</td>
                    <td>
                      <span className="compare-bar" aria-hidden="true">
                        <span style={{ width: `${t.top1 * 100}%` }} />
                      </span>
                      {pct(t.top1)}
                    </td>
                    <td>{pct(t.top5)}</td>
                    <td>{pct(t.meanPerClass)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="card" aria-labelledby={`${ids}-ens`}>
            <h2 id={`${ids}-ens`}>Ensembles vs the best single template</h2>
            {best && detail && (
              <p>
                Best single template <span className="mono">{best.template}</span>: {pct(best.top1)} top-1.
                Ensemble &ldquo;{detail.name}&rdquo;: {pct(detail.top1)} (
                {detail.top1 >= best.top1 ? '+' : ''}
                {((detail.top1 - best.top1) * 100).toFixed(1)} points).
              </p>
            )}
            <EnsembleChart
              bars={[
                ...(best
                  ? [{ name: `best single: ${best.template}`, top1: best.top1, top5: best.top5 }]
                  : []),
                ...report.ensembles.map((e) => ({ name: e.name, top1: e.top1, top5: e.top5 }))
              ]}
            />
            <table className="compare-table">
              <thead>
                <tr>
                  <th scope="col">Ensemble</th>
                  <th scope="col">Templates</th>
                  <th scope="col">Top-1</th>
                  <th scope="col">Top-5</th>
                  <th scope="col">Mean per class</th>
                  <th scope="col">ECE</th>
                  <th scope="col">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.ensembles.map((e) => (
                  <tr key={e.name}>
                    <th scope="row">{e.name}</th>
                    <td>{e.templates.length}</td>
                    <td>{pct(e.top1)}</td>
                    <td>{pct(e.top5)}</td>
                    <td>{pct(e.meanPerClass)}</td>
                    <td>{e.ece.toFixed(3)}</td>
                    <td>
                      {!e.descriptions && !e.synonyms && (
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void apply(e.name, e.templates)}
                          aria-label={`Make "${e.name}" the default and re-score`}
                        >
                          Make default
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {report.greedy && (
              <div className="compare-greedy">
                <h3>Greedy selection</h3>
                <p>
                  {report.greedy.templates.length} template{report.greedy.templates.length === 1 ? '' : 's'}:
                  top-1 {pct(report.greedy.trainTop1)} on{' '}
                  {plural(report.greedy.trainImages, 'training image')},{' '}
                  <strong>{pct(report.greedy.heldOutTop1)}</strong> on{' '}
                  {plural(report.greedy.heldOutImages, 'held-out image')} (all templates together:{' '}
                  {pct(report.greedy.baselineHeldOutTop1)} held-out).
                </p>
                <ol>
                  {report.greedy.steps.map((s) => (
                    <li key={s.added}>
                      <span className="mono">{s.added}</span> — train {pct(s.trainTop1)}, held-out{' '}
                      {pct(s.heldOutTop1)}
                    </li>
                  ))}
                </ol>
                <button
                  type="button"
                  className="primary"
                  disabled={busy !== null || report.greedy.templates.length === 0}
                  onClick={() => void apply('Greedy selection', report.greedy!.templates)}
                >
                  Make the greedy selection the default and re-score
                </button>
              </div>
            )}
          </section>

          <section className="card" aria-labelledby={`${ids}-classes`}>
            <h2 id={`${ids}-classes`}>Per class{detail ? ` (${detail.name})` : ''}</h2>
            <table className="compare-table">
              <thead>
                <tr>
                  {(['label', 'support', 'precision', 'recall'] as SortKey[]).map((k) => (
                    <th key={k} scope="col" aria-sort={ariaSort(k)}>
                      <button type="button" className="compare-sort" onClick={() => toggleSort(k)}>
                        {k === 'recall' ? 'recall (accuracy)' : k}
                        <span aria-hidden="true">
                          {sort.key === k ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {classRows.map((c) => (
                  <tr key={c.label}>
                    <th scope="row">{c.label}</th>
                    <td>{c.support}</td>
                    <td>{pct(c.precision)}</td>
                    <td>{pct(c.recall)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="card" aria-labelledby={`${ids}-conf`}>
            <h2 id={`${ids}-conf`}>Largest confusions</h2>
            {report.confusions.length === 0 ? (
              <p className="muted">No confusions: every reviewed image is predicted right.</p>
            ) : (
              <ul className="compare-confusions">
                {report.confusions.map((c) => (
                  <li key={`${c.trueLabel}\u0000${c.predicted}`}>
                    <p>
                      <strong>{c.trueLabel}</strong> predicted as <strong>{c.predicted}</strong>: {c.count}{' '}
                      image
                      {c.count === 1 ? '' : 's'}
                    </p>
                    <div className="compare-thumbs">
                      {c.exampleImageIds.map((id) => (
                        <img
                          key={id}
                          src={api.imageUrl(id, { thumb: true })}
                          alt={`Image ${id}: ${c.trueLabel}, predicted ${c.predicted}`}
                          loading="lazy"
                          width={96}
                          height={96}
                        />
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby={`${ids}-cov`}>
            <h2 id={`${ids}-cov`}>Auto-accept threshold</h2>
            <ThresholdVerdict report={report} />
            <CoverageChart
              points={report.coverage}
              threshold={report.suggestedThreshold?.threshold ?? null}
            />
            <details>
              <summary>Coverage and precision as a table</summary>
              <table className="compare-table">
                <thead>
                  <tr>
                    <th scope="col">Threshold</th>
                    <th scope="col">Coverage</th>
                    <th scope="col">Precision</th>
                  </tr>
                </thead>
                <tbody>
                  {report.coverage
                    .filter(
                      (_, i) =>
                        i % 10 === 0 || report.coverage[i].threshold === report.suggestedThreshold?.threshold
                    )
                    .map((p) => (
                      <tr key={p.threshold}>
                        <td>{p.threshold.toFixed(2)}</td>
                        <td>{pct(p.coverage)}</td>
                        <td>{p.coverage > 0 ? pct(p.precision) : '—'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </section>
        </>
      )}

      <section className="card" aria-labelledby={`${ids}-curve`}>
        <h2 id={`${ids}-curve`}>Learning curve</h2>
        <p className="muted">
          Top-1 on held-out reviewed images: zero-shot vs suggestions adapted to your reviewed examples.
        </p>
        <button type="button" onClick={() => void loadCurve()} disabled={busy !== null}>
          {busy === 'curve' ? 'Computing…' : curve ? 'Recompute learning curve' : 'Show learning curve'}
        </button>
        {curve && curve.length === 0 && <p className="muted">Review at least two images first.</p>}
        {curve && curve.length > 0 && (
          <>
            <LearningCurveChart points={curve} />
            <table className="compare-table" aria-label="Learning curve">
              <thead>
                <tr>
                  <th scope="col">Reviewed images</th>
                  <th scope="col">Zero-shot top-1</th>
                  <th scope="col">Adapted top-1</th>
                </tr>
              </thead>
              <tbody>
                {curve.map((p) => (
                  <tr key={p.n}>
                    <td>{p.n}</td>
                    <td>{pct(p.zeroshot_top1)}</td>
                    <td>{pct(p.adapted_top1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </main>
  )
}

export default CompareScreen
