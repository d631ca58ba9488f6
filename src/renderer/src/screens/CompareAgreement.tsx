// "Agreement between annotators" on the compare screen (agreement.report): Krippendorff's alpha
// and percent agreement over every annotator, the matrix of annotator pairs (Cohen's kappa,
// percent agreement, images shared) and each label against the rest (each tag in a tags project).
// The last report kept in the project file (agreement.saved) shows until a new one is measured.
import { useCallback, useEffect, useId, useState } from 'react'
import type { AgreementPair, AgreementReport, AgreementStat, ZebraApi } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { toAppError } from '../api'
import { STALE, useLatest } from '../lib/latest'
import { pct } from '../lib/format'

const SHORT = { one_annotator: 'one annotator', too_few: 'too few shared', one_category: 'one category' }

function Figure(props: { stat: AgreementStat; as: 'number' | 'share' }): React.JSX.Element {
  const { value, withheld } = props.stat
  if (value === null) return <span title={withheld?.message}>– ({SHORT[withheld!.code]})</span>
  return <>{props.as === 'number' ? value.toFixed(3) : pct(value)}</>
}

/** One cell of the pair matrix: the pair's kappa, percent agreement and images shared. */
function PairCell(props: { pair: AgreementPair | undefined }): React.JSX.Element {
  const p = props.pair
  if (!p) return <td aria-label="same annotator">—</td>
  return (
    <td title={p.kappa.withheld?.message ?? undefined}>
      κ <Figure stat={p.kappa} as="number" /> · <Figure stat={p.percent} as="share" />{' '}
      <span className="muted small">({p.shared} shared)</span>
    </td>
  )
}

function PairMatrix(props: { report: AgreementReport }): React.JSX.Element {
  const names = props.report.annotators.map((a) => a.name)
  const pair = (a: string, b: string): AgreementPair | undefined =>
    props.report.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))
  return (
    <table className="compare-table" aria-label="Agreement between annotators">
      <thead>
        <tr>
          <th scope="col">Annotator</th>
          {names.map((n) => (
            <th scope="col" key={n}>
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.report.annotators.map((a) => (
          <tr key={a.name}>
            <th scope="row">
              {a.name} <span className="muted small">({a.decided} decided)</span>
            </th>
            {names.map((b) => (
              <PairCell key={b} pair={a.name === b ? undefined : pair(a.name, b)} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function LabelTable(props: { report: AgreementReport }): React.JSX.Element {
  const tags = props.report.kind === 'tags'
  return (
    <table className="compare-table" aria-label={tags ? 'Agreement per tag' : 'Agreement per label'}>
      <thead>
        <tr>
          <th scope="col">{tags ? 'Tag' : 'Label'}</th>
          <th scope="col">Images decided by two or more</th>
          <th scope="col">{tags ? 'Present decisions' : 'Decisions'}</th>
          <th scope="col">Krippendorff&rsquo;s alpha</th>
          <th scope="col">Agreement</th>
        </tr>
      </thead>
      <tbody>
        {props.report.labels.map((l) => (
          <tr key={l.labelId ?? 'none'}>
            <th scope="row">{l.label}</th>
            <td>{l.units}</td>
            <td>{l.decisions}</td>
            <td>
              <Figure stat={l.alpha} as="number" />
            </td>
            <td>
              <Figure stat={l.percent} as="share" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function AgreementSection(props: { api: ZebraApi }): React.JSX.Element {
  const { api } = props
  const ids = useId()
  const [report, setReport] = useState<AgreementReport | null>(null)
  const [savedAt, setSavedAt] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const req = useLatest()

  useEffect(() => {
    let live = true
    api
      .invoke('agreement.saved', {})
      .then((s) => {
        if (!live || !s) return
        // a report measured meanwhile is newer: keep it
        setReport((cur) => cur ?? s.report)
        setSavedAt((cur) => cur ?? s.savedAt)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [api])

  const run = useCallback(async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await req.run(() => api.invoke('agreement.report', {}))
      if (r === STALE) return
      setReport(r)
      setSavedAt(r.computedAt)
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }, [api, req])

  const unit = report?.kind === 'tags' ? 'image-tag pairs' : 'images'
  return (
    <section className="card" aria-labelledby={`${ids}-agreement`}>
      <h2 id={`${ids}-agreement`}>Agreement between annotators</h2>
      <p className="muted">
        How far the annotators in this project&rsquo;s log agree: each one&rsquo;s latest decision per image
        (a rejection counts as &ldquo;none of these&rdquo;; skipped and unsure count nowhere).
      </p>
      <div className="compare-row">
        <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
          {busy ? 'Measuring…' : 'Measure agreement'}
        </button>
        {report && savedAt && (
          <span className="muted" data-testid="agreement-status">
            {report.annotators.length} annotator{report.annotators.length === 1 ? '' : 's'}, {report.units}{' '}
            {unit} decided by two or more ({new Date(savedAt).toLocaleString()}).
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {report?.note && <p role="note">{report.note}</p>}
      {report && !report.note && (
        <>
          <dl className="agreement-overall" aria-label="Overall agreement">
            <dt>Krippendorff&rsquo;s alpha (nominal)</dt>
            <dd data-testid="agreement-alpha">
              <Figure stat={report.alpha} as="number" />
            </dd>
            <dt>Percent agreement</dt>
            <dd data-testid="agreement-percent">
              <Figure stat={report.percent} as="share" />
            </dd>
          </dl>
          <PairMatrix report={report} />
          <LabelTable report={report} />
        </>
      )}
    </section>
  )
}
