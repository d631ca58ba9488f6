// "Which language's prompts work best for this dataset": each language's best template set on
// the same reviewed images, best first, shown when the sets are written in more than one.
import { useId } from 'react'
import { promptLanguage } from '../../../shared/prompt-languages'
import type { EnsembleScore } from '../../../shared/report'
import { bestByLanguage } from '../../../shared/report-languages'
import { pct } from '../lib/format'

export function LanguagesTable(props: { ensembles: EnsembleScore[] }): React.JSX.Element | null {
  const ids = useId()
  const by = bestByLanguage(props.ensembles)
  if (by.length < 2) return null
  return (
    <section className="card" aria-labelledby={`${ids}-languages`}>
      <h2 id={`${ids}-languages`}>Languages</h2>
      <p className="muted small">Each language’s best template set on these reviewed images, best first.</p>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">Language</th>
            <th scope="col">Best set</th>
            <th scope="col">Top-1</th>
            <th scope="col">Top-5</th>
            <th scope="col">Mean per class</th>
          </tr>
        </thead>
        <tbody>
          {by.map((x) => (
            <tr key={x.language ?? ''}>
              <th scope="row">
                {x.language
                  ? `${promptLanguage(x.language)?.name ?? x.language} (${x.language})`
                  : 'The labels’ own names'}
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
