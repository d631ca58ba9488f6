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

function thresholdText(m: ModelScore): string {
  const t = m.suggestedThreshold
  if (t) return `≥ ${t.threshold.toFixed(2)}: ${pct(t.coverage)} at ${pct(t.precision)}`
  if (m.thresholdWithheld)
    return m.thresholdWithheld.reason === 'too_few' ? 'too few reviewed' : 'one label only'
  return m.top1 === null ? '–' : `none reaches ${pct(0.95, 0)}`
}

function versusText(m: ModelScore): string {
  if (m.current) return 'current model'
  if (m.savedCorrections === null) return '–'
  if (m.savedCorrections === 0) return 'same corrections'
  return m.savedCorrections > 0
    ? `would have saved ${m.savedCorrections} correction${m.savedCorrections === 1 ? '' : 's'}`
    : `${-m.savedCorrections} more correction${m.savedCorrections === -1 ? '' : 's'}`
}

export function ModelsSection(props: { api: ZebraApi }): React.JSX.Element {
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
      <h2 id={`${ids}-models`}>Which model for this dataset</h2>
      <p className="muted">
        Every model with embeddings in this project, scored on the same reviewed images with the default
        template set. Speed is measured on this machine.
      </p>
      <div className="compare-row">
        <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
          {busy ? 'Comparing models…' : 'Compare models'}
        </button>
        {report && (
          <span role="status" className="muted" data-testid="models-status">
            {report.models.length} model{report.models.length === 1 ? '' : 's'} on {report.images}{' '}
            {report.tags ? 'decided' : 'reviewed'} images, template set &ldquo;{report.templateSet}&rdquo;.
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
          <table className="compare-table" aria-label="Models compared">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Variant</th>
                <th scope="col">Embedded</th>
                <th scope="col">Top-1</th>
                <th scope="col">Top-5</th>
                <th scope="col">Suggested threshold</th>
                <th scope="col">Images/s here</th>
                <th scope="col">Versus current</th>
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
                        ? `${m.speed.images} images, ${m.speed.source}, ${m.speed.provider ?? ''}`
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
            <ul className="small" aria-label="Models not scored">
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
