// "Which model for this dataset" on the compare screen (compare.models): every model with cached
// embeddings in the project, scored on the reviewed images they all embedded: top-1, top-5, the
// auto-accept threshold it supports, its speed on this machine, and the corrections it would have
// saved against the model of the current suggestions. A model that cannot be scored says why
// (usually: which model folder its label prompts need).
import { useCallback, useId, useState } from 'react'
import type { ModelScore, ModelsReport, ZebraApi } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { toAppError } from '../api'
import { STALE, useLatest } from '../lib/latest'
import { pct } from '../lib/format'
import { TagModelsTable } from './CompareTags'
import { i18n, useTranslation } from '../i18n'

function thresholdText(m: ModelScore): string {
  const t = m.suggestedThreshold
  if (t)
    return i18n.t('compare:compareModels.at', {
      toFixed: t.threshold.toFixed(2),
      pct: pct(t.coverage),
      pct2: pct(t.precision)
    })
  if (m.thresholdWithheld)
    return m.thresholdWithheld.reason === 'too_few'
      ? i18n.t('compare:compareModels.tooFewReviewed')
      : i18n.t('compare:compareModels.oneLabelOnly')
  return m.top1 === null ? '–' : i18n.t('compare:compareModels.noneReaches', { pct: pct(0.95, 0) })
}

function versusText(m: ModelScore): string {
  if (m.current) return i18n.t('compare:compareModels.currentModel')
  if (m.savedCorrections === null) return '–'
  if (m.savedCorrections === 0) return i18n.t('compare:compareModels.sameCorrections')
  return m.savedCorrections > 0
    ? i18n.t('compare:compareModels.savedCorrections', { count: m.savedCorrections })
    : i18n.t('compare:compareModels.moreCorrections', { count: -m.savedCorrections })
}

export function ModelsSection(props: { api: ZebraApi }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const { api } = props
  const ids = useId()
  const [report, setReport] = useState<ModelsReport | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const req = useLatest()

  const run = useCallback(async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await req.run(() => api.invoke('compare.models', { measure: true }))
      if (r !== STALE) setReport(r)
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }, [api, req])

  const withheld = report?.models.find((m) => m.thresholdWithheld)?.thresholdWithheld
  return (
    <section className="card" aria-labelledby={`${ids}-models`}>
      <h2 id={`${ids}-models`}>{t('compareModels.whichModelForThisDataset')}</h2>
      <p className="muted">{t('compareModels.everyModelWithEmbeddingsIn')}</p>
      <div className="compare-row">
        <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
          {busy ? t('compareModels.comparingModels') : t('compareModels.compareModels')}
        </button>
        {report && (
          <span role="status" className="muted" data-testid="models-status">
            {t(report.tags ? 'compareModels.statusDecided' : 'compareModels.statusReviewed', {
              count: report.models.length,
              images: report.images,
              templateSet: report.templateSet
            })}
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report?.tags && (
        <>
          {report.note && <p className="muted">{report.note}</p>}
          <TagModelsTable report={report} />
        </>
      )}
      {report && !report.tags && (
        <>
          {report.note && <p className="muted">{report.note}</p>}
          <table className="compare-table" aria-label={t('compareModels.modelsCompared')}>
            <thead>
              <tr>
                <th scope="col">{t('compareModels.model2')}</th>
                <th scope="col">{t('compareModels.variant')}</th>
                <th scope="col">{t('compareModels.embedded')}</th>
                <th scope="col">{t('compareModels.top1')}</th>
                <th scope="col">{t('compareModels.top5')}</th>
                <th scope="col">{t('compareModels.suggestedThreshold')}</th>
                <th scope="col">{t('compareModels.imagesSHere')}</th>
                <th scope="col">{t('compareModels.versusCurrent')}</th>
              </tr>
            </thead>
            <tbody>
              {report.models.map((m) => (
                <tr key={m.modelId} data-current={m.current || undefined}>
                  <th scope="row" title={m.dir ?? m.modelId}>
                    {m.name}
                  </th>
                  <td>{m.variant}</td>
                  <td>{m.embedded}</td>
                  <td>
                    {m.top1 !== null && (
                      <span className="compare-bar" aria-hidden="true">
                        <span style={{ width: `${m.top1 * 100}%` }} />
                      </span>
                    )}
                    {m.top1 === null ? '–' : pct(m.top1)}
                  </td>
                  <td>{m.top5 === null ? '–' : pct(m.top5)}</td>
                  <td>{thresholdText(m)}</td>
                  <td
                    title={
                      m.speed
                        ? t('compareModels.images', {
                            images: m.speed.images,
                            source: m.speed.source,
                            value: m.speed.provider ?? ''
                          })
                        : (m.speedNote ?? '')
                    }
                  >
                    {m.speed ? m.speed.imagesPerS.toFixed(1) : '–'}
                  </td>
                  <td>{versusText(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.models.some((m) => m.problem) && (
            <ul className="small" aria-label={t('compareModels.modelsNotScored')}>
              {report.models
                .filter((m) => m.problem)
                .map((m) => (
                  <li key={m.modelId}>
                    <strong>
                      {m.name} ({m.variant})
                    </strong>
                    : {m.problem}
                  </li>
                ))}
            </ul>
          )}
          {withheld && <p className="muted small">{withheld.message}</p>}
        </>
      )}
    </section>
  )
}
