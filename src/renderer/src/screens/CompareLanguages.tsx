// "Which language's prompts work best for this dataset": each language's best template set on
// the same reviewed images, best first, shown when the sets are written in more than one.
import { useId } from 'react'
import { promptLanguage } from '../../../shared/prompt-languages'
import type { EnsembleScore } from '../../../shared/report'
import { bestByLanguage } from '../../../shared/report-languages'
import { pct } from '../lib/format'
import { useTranslation } from '../i18n'

export function LanguagesTable(props: { ensembles: EnsembleScore[] }): React.JSX.Element | null {
  const { t } = useTranslation('compare')
  const ids = useId()
  const by = bestByLanguage(props.ensembles)
  if (by.length < 2) return null
  return (
    <section className="card" aria-labelledby={`${ids}-languages`}>
      <h2 id={`${ids}-languages`}>{t('compareTables.languages')}</h2>
      <p className="muted small">{t('compareTables.languagesIntro')}</p>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">{t('compareTables.language')}</th>
            <th scope="col">{t('compareTables.bestSet')}</th>
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
                  ? t('compareTables.languageRow', {
                      name: promptLanguage(x.language)?.name ?? x.language,
                      code: x.language
                    })
                  : t('compareTables.labelsOwnNames')}
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
