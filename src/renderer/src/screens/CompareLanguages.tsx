// "Which language's prompts work best for this dataset": each language's best template set on
// the same reviewed images, best first, shown when the sets are written in more than one.
import { useId } from 'react'
import { promptLanguage } from '../../../shared/prompt-languages'
import type { EnsembleScore } from '../../../shared/report'
import { bestByLanguage } from '../../../shared/report-languages'
import { pct } from '../lib/format'
import { useTranslation } from '../i18n'

export function LanguagesTable(props: { ensembles: EnsembleScore[] }): React.JSX.Element | null {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const by = bestByLanguage(props.ensembles)
  if (by.length < 2) return null
  return (
    <section className="card" aria-labelledby={`${ids}-languages`}>
      <h2 id={`${ids}-languages`}>{t('languages.title')}</h2>
      <p className="muted small">{t('languages.intro')}</p>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">{t('languages.language')}</th>
            <th scope="col">{t('languages.bestSet')}</th>
            <th scope="col">{t('compareTables.top1')}</th>
            <th scope="col">{t('compareTables.top5')}</th>
            <th scope="col">{t('compareTables.meanPerClass')}</th>
          </tr>
        </thead>
        <tbody>
          {by.map((x) => (
            <tr key={x.language ?? ''}>
              <th scope="row">
                {x.language
                  ? `${promptLanguage(x.language)?.name ?? x.language} (${x.language})`
                  : t('languages.labelsOwn')}
              </th>
              <td>{x.best.name}</td>
              <td>{pct(x.best.top1)}</td>
              <td>{pct(x.best.top5)}</td>
              <td>{pct(x.best.meanPerClass)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
