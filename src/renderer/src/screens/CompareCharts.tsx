// The chart sections of the compare screen: ensembles vs the best single template (with "make
// default"), the auto-accept coverage/precision curve, and the adaptation learning curve. Each
// chart has a table beside it (or folded under it) with the same numbers.
import { useId } from 'react'
import type { CompareReport, EnsembleScore, LearningCurvePoint, TemplateScore } from '../../../shared/report'
import { CoverageChart } from '../charts/CoverageChart'
import { EnsembleChart } from '../charts/EnsembleChart'
import { LearningCurveChart } from '../charts/LearningCurveChart'
import { pct } from '../lib/format'
import { ThresholdVerdict } from './ThresholdVerdict'
import { MakeDefaultButton } from './MakeDefaultButton'

const plural = (n: number | undefined, word: string): string =>
  n === undefined ? `the ${word}s` : `${n} ${word}${n === 1 ? '' : 's'}`

export function EnsemblesSection(props: {
  report: CompareReport
  best: TemplateScore | null
  detail: EnsembleScore | null
  busy: string | null
  apply(name: string, templates: string[]): Promise<void>
}): React.JSX.Element {
  const ids = useId()
  const { report, best, detail, busy, apply } = props
  return (
    <section className="card" aria-labelledby={`${ids}-ens`}>
      <h2 id={`${ids}-ens`}>Ensembles vs the best single template</h2>
      {best && detail && (
        <p>
          Best single template <span className="mono">{best.template}</span>: {pct(best.top1)} top-1. Ensemble
          &ldquo;{detail.name}&rdquo;: {pct(detail.top1)} ({detail.top1 >= best.top1 ? '+' : ''}
          {((detail.top1 - best.top1) * 100).toFixed(1)} points).
        </p>
      )}
      <EnsembleChart
        bars={[
          ...(best ? [{ name: `best single: ${best.template}`, top1: best.top1, top5: best.top5 }] : []),
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
                  <MakeDefaultButton
                    name={e.name}
                    templates={e.templates}
                    disabled={busy !== null}
                    apply={apply}
                  />
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
            {report.greedy.templates.length} template{report.greedy.templates.length === 1 ? '' : 's'}: top-1{' '}
            {pct(report.greedy.trainTop1)} on {plural(report.greedy.trainImages, 'training image')},{' '}
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
  )
}

export function CoverageSection(props: { report: CompareReport }): React.JSX.Element {
  const ids = useId()
  const { report } = props
  return (
    <section className="card" aria-labelledby={`${ids}-cov`}>
      <h2 id={`${ids}-cov`}>Auto-accept threshold</h2>
      <ThresholdVerdict report={report} />
      <CoverageChart points={report.coverage} threshold={report.suggestedThreshold?.threshold ?? null} />
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
  )
}

export function LearningCurveSection(props: {
  curve: LearningCurvePoint[] | null
  busy: string | null
  loadCurve(): Promise<void>
}): React.JSX.Element {
  const ids = useId()
  const { curve, busy, loadCurve } = props
  return (
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
  )
}
