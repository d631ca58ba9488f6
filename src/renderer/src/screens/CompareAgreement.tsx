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
import { i18n, intlLocale, useTranslation } from '../i18n'

const SHORT = () => ({
  one_annotator: i18n.t('compare:compareAgreement.oneAnnotator'),
  too_few: i18n.t('compare:compareAgreement.tooFewShared'),
  one_category: i18n.t('compare:compareAgreement.oneCategory')
})

function Figure(props: { stat: AgreementStat; as: 'number' | 'share' }): React.JSX.Element {
  const { value, withheld } = props.stat
  if (value === null) return <span title={withheld?.message}>– ({SHORT()[withheld!.code]})</span>
  return <>{props.as === 'number' ? value.toFixed(3) : pct(value)}</>
}

/** One cell of the pair matrix: the pair's kappa, percent agreement and images shared. */
function PairCell(props: { pair: AgreementPair | undefined }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const p = props.pair
  if (!p) return <td aria-label={t('compareAgreement.sameAnnotator')}>—</td>
  return (
    <td title={p.kappa.withheld?.message ?? undefined}>
      κ <Figure stat={p.kappa} as="number" /> · <Figure stat={p.percent} as="share" />{' '}
      <span className="muted small">{t('compareAgreement.shared', { shared: p.shared })}</span>
    </td>
  )
}

function PairMatrix(props: { report: AgreementReport }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const names = props.report.annotators.map((a) => a.name)
  const pair = (a: string, b: string): AgreementPair | undefined =>
    props.report.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))
  return (
    <table className="compare-table" aria-label={t('compareAgreement.agreementBetweenAnnotators')}>
      <thead>
        <tr>
          <th scope="col">{t('compareAgreement.annotator')}</th>
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
              {a.name}{' '}
              <span className="muted small">{t('compareAgreement.decided', { decided: a.decided })}</span>
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
  const { t } = useTranslation(['compare', 'common'])
  const tags = props.report.kind === 'tags'
  return (
    <table
      className="compare-table"
      aria-label={tags ? t('compareAgreement.agreementPerTag') : t('compareAgreement.agreementPerLabel')}
    >
      <thead>
        <tr>
          <th scope="col">{tags ? t('compareAgreement.tag') : t('compareAgreement.label')}</th>
          <th scope="col">{t('compareAgreement.imagesDecidedByTwoOr')}</th>
          <th scope="col">
            {tags ? t('compareAgreement.presentDecisions') : t('compareAgreement.decisions')}
          </th>
          <th scope="col">{t('compareAgreement.krippendorffRsquoSAlpha')}</th>
          <th scope="col">{t('compareAgreement.agreement')}</th>
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
  const { t } = useTranslation(['compare', 'common'])
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

  const unit = report?.kind === 'tags' ? i18n.t('compare:compareAgreement.imageTagPairs') : 'images'
  return (
    <section className="card" aria-labelledby={`${ids}-agreement`}>
      <h2 id={`${ids}-agreement`}>{t('compareAgreement.agreementBetweenAnnotators')}</h2>
      <p className="muted">{t('compareAgreement.howFarTheAnnotatorsIn')}</p>
      <div className="compare-row">
        <button type="button" className="primary" onClick={() => void run()} disabled={busy}>
          {busy ? t('compareAgreement.measuring') : t('compareAgreement.measureAgreement')}
        </button>
        {report && savedAt && (
          <span className="muted" data-testid="agreement-status">
            {t('compareAgreement.status', {
              count: report.annotators.length,
              units: report.units,
              unit,
              at: new Date(savedAt).toLocaleString(intlLocale())
            })}
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
          <dl className="agreement-overall" aria-label={t('compareAgreement.overallAgreement')}>
            <dt>{t('compareAgreement.krippendorffRsquoSAlphaNominal')}</dt>
            <dd data-testid="agreement-alpha">
              <Figure stat={report.alpha} as="number" />
            </dd>
            <dt>{t('compareAgreement.percentAgreement')}</dt>
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
