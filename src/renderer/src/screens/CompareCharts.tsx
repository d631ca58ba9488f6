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
import { i18n, useTranslation } from '../i18n'

/** "12 training images", or "the training images" when the report does not say how many. */
const imagesOf = (n: number | undefined, kind: 'train' | 'heldOut'): string =>
  n === undefined
    ? i18n.t(`compare:compareCharts.${kind}ImagesAll`)
    : i18n.t(`compare:compareCharts.${kind}Images`, { count: n })

export function EnsemblesSection(props: {
  report: CompareReport
  best: TemplateScore | null
  detail: EnsembleScore | null
  busy: string | null
  apply(name: string, templates: string[]): Promise<void>
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { report, best, detail, busy, apply } = props
  return (
    <section className="card" aria-labelledby={`${ids}-ens`}>
      <h2 id={`${ids}-ens`}>{t('compareCharts.ensemblesVsTheBestSingle')}</h2>
      {best && detail && (
        <p>
          {t('compareCharts.bestSingleTemplate')} <span className="mono">{best.template}</span>
          {t('compareCharts.top1EnsembleLdquoRdquo', {
            pct: pct(best.top1),
            name: detail.name,
            pct2: pct(detail.top1)
          })}
          {detail.top1 >= best.top1 ? '+' : ''}
          {t('compareCharts.points', { toFixed: ((detail.top1 - best.top1) * 100).toFixed(1) })}
        </p>
      )}
      <EnsembleChart
        bars={[
          ...(best
            ? [
                {
                  name: i18n.t('compare:compareCharts.bestSingle', { template: best.template }),
                  top1: best.top1,
                  top5: best.top5
                }
              ]
            : []),
          ...report.ensembles.map((e) => ({ name: e.name, top1: e.top1, top5: e.top5 }))
        ]}
      />
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">{t('compareCharts.ensemble')}</th>
            <th scope="col">{t('compareCharts.templates')}</th>
            <th scope="col">{t('compareCharts.top1')}</th>
            <th scope="col">{t('compareCharts.top5')}</th>
            <th scope="col">{t('compareCharts.meanPerClass')}</th>
            <th scope="col">{t('compareCharts.ece')}</th>
            <th scope="col">
              <span className="sr-only">{t('compareCharts.action')}</span>
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
          <h3>{t('compareCharts.greedySelection')}</h3>
          <p>
            {t('compareCharts.greedySummary', {
              count: report.greedy.templates.length,
              trainTop1: pct(report.greedy.trainTop1),
              train: imagesOf(report.greedy.trainImages, 'train'),
              heldOutTop1: pct(report.greedy.heldOutTop1),
              heldOut: imagesOf(report.greedy.heldOutImages, 'heldOut'),
              baseline: pct(report.greedy.baselineHeldOutTop1)
            })}
          </p>
          <ol>
            {report.greedy.steps.map((s) => (
              <li key={s.added}>
                <span className="mono">{s.added}</span>{' '}
                {t('compareCharts.trainHeldOut', { pct: pct(s.trainTop1), pct2: pct(s.heldOutTop1) })}
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="primary"
            disabled={busy !== null || report.greedy.templates.length === 0}
            onClick={() =>
              void apply(i18n.t('compare:compareCharts.greedySelection'), report.greedy!.templates)
            }
          >
            {t('compareCharts.makeTheGreedySelectionThe')}
          </button>
        </div>
      )}
    </section>
  )
}

export function CoverageSection(props: { report: CompareReport }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { report } = props
  return (
    <section className="card" aria-labelledby={`${ids}-cov`}>
      <h2 id={`${ids}-cov`}>{t('compareCharts.autoAcceptThreshold')}</h2>
      <ThresholdVerdict report={report} />
      <CoverageChart points={report.coverage} threshold={report.suggestedThreshold?.threshold ?? null} />
      <details>
        <summary>{t('compareCharts.coverageAndPrecisionAsA')}</summary>
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">{t('compareCharts.threshold')}</th>
              <th scope="col">{t('compareCharts.coverage')}</th>
              <th scope="col">{t('compareCharts.precision')}</th>
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
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { curve, busy, loadCurve } = props
  return (
    <section className="card" aria-labelledby={`${ids}-curve`}>
      <h2 id={`${ids}-curve`}>{t('compareCharts.learningCurve')}</h2>
      <p className="muted">{t('compareCharts.top1OnHeldOut')}</p>
      <button type="button" onClick={() => void loadCurve()} disabled={busy !== null}>
        {busy === 'curve'
          ? t('compareCharts.computing')
          : curve
            ? t('compareCharts.recomputeLearningCurve')
            : t('compareCharts.showLearningCurve')}
      </button>
      {curve && curve.length === 0 && <p className="muted">{t('compareCharts.reviewAtLeastTwoImages')}</p>}
      {curve && curve.length > 0 && (
        <>
          <LearningCurveChart points={curve} />
          <table className="compare-table" aria-label={t('compareCharts.learningCurve')}>
            <thead>
              <tr>
                <th scope="col">{t('compareCharts.reviewedImages')}</th>
                <th scope="col">{t('compareCharts.zeroShotTop1')}</th>
                <th scope="col">{t('compareCharts.adaptedTop1')}</th>
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
