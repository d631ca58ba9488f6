// The tables of the compare screen: templates ranked by top-1 and the sortable per-class table
// (the confusions are in CompareConfusions.tsx). Each section is a region named by its heading.
import { useId, useMemo, useState } from 'react'
import type { ClassScore, CompareReport, EnsembleScore, TemplateScore } from '../../../shared/report'
import { pct } from '../lib/format'
import { useTranslation } from '../i18n'

export type SortKey = 'label' | 'support' | 'precision' | 'recall'

export function sortClasses(rows: ClassScore[], key: SortKey, dir: 'asc' | 'desc'): ClassScore[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const d = key === 'label' ? a.label.localeCompare(b.label) : a[key] - b[key]
    return sign * d || a.label.localeCompare(b.label)
  })
}

export function TemplatesTable(props: { ranked: TemplateScore[] }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { ranked } = props
  return (
    <section className="card" aria-labelledby={`${ids}-templates`}>
      <h2 id={`${ids}-templates`}>{t('compareTables.templatesRankedByTop1')}</h2>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('compareTables.template')}</th>
            <th scope="col">{t('compareTables.top1')}</th>
            <th scope="col">{t('compareTables.top5')}</th>
            <th scope="col">{t('compareTables.meanPerClass')}</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((t, i) => (
            <tr key={`${t.language ?? ''}\u0000${t.template}`}>
              <td>{i + 1}</td>
              <td className="mono">
                {t.template}
                {t.language && <span className="badge">{t.language}</span>}
              </td>
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
  )
}

export function PerClassTable(props: {
  report: CompareReport
  detail: EnsembleScore | null
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { report, detail } = props
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'recall', dir: 'asc' })
  const classRows = useMemo(() => sortClasses(report.perClass, sort.key, sort.dir), [report, sort])
  const toggleSort = (key: SortKey): void =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'label' ? 'asc' : 'desc' }
    )
  const ariaSort = (key: SortKey): 'ascending' | 'descending' | 'none' =>
    sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
  return (
    <section className="card" aria-labelledby={`${ids}-classes`}>
      <h2 id={`${ids}-classes`}>
        {t('compareTables.perClass')}
        {detail ? ` (${detail.name})` : ''}
      </h2>
      <table className="compare-table">
        <thead>
          <tr>
            {(['label', 'support', 'precision', 'recall'] as SortKey[]).map((k) => (
              <th key={k} scope="col" aria-sort={ariaSort(k)}>
                <button type="button" className="compare-sort" onClick={() => toggleSort(k)}>
                  {k === 'recall' ? t('compareTables.recallAccuracy') : k}
                  <span aria-hidden="true">{sort.key === k ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
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
  )
}
