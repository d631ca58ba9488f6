// The compare screen's confusions: the largest confusions with their thumbnails, and the confusion
// matrix. Every cell and every thumbnail opens its images in review as a queue (the report's
// `cells` hold every image of each cell); a cell with more images than fit shows "+N more", which
// lists them all. Reports saved before `cells` existed only know a few example images each.
import { useId, useState } from 'react'
import type { ZebraApi } from '../../../shared/contract'
import type { CompareReport, Confusion } from '../../../shared/report'
import type { ReviewList } from '../context'
import { i18n, useTranslation } from '../i18n'

/** thumbnails shown per confusion before "+N more" */
export const THUMBS = 8
/** the matrix is drawn up to this many labels (a 1000-class matrix is no picture) */
const MATRIX_MAX = 30

type Open = ((list: ReviewList) => void) | undefined

/** Every image id of the cell true → predicted, or null when the report does not list them. */
function cellImages(report: CompareReport, t: number, p: number): number[] | null {
  return report.cells?.find((c) => c.trueIndex === t && c.predictedIndex === p)?.imageIds ?? null
}

function ConfusionItem(props: {
  c: Confusion
  ids: number[] | null
  api: ZebraApi
  open: Open
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const { c, api, open } = props
  const [all, setAll] = useState(false)
  const ids = props.ids ?? c.exampleImageIds
  const shown = all ? ids : ids.slice(0, THUMBS)
  const hidden = c.count - shown.length
  const title = i18n.t('compare:compareConfusions.predictedAs2', {
    trueLabel: c.trueLabel,
    predicted: c.predicted
  })
  const openAt = (focus?: number): void =>
    open?.({ title: i18n.t('compare:compareConfusions.compare', { title }), imageIds: ids, focus })
  return (
    <li aria-label={title}>
      <p>
        <strong>{c.trueLabel}</strong> {t('compareConfusions.predictedAs')} <strong>{c.predicted}</strong>
        {t('compareConfusions.imageCount', { count: c.count })}{' '}
        {open && props.ids && (
          <button type="button" className="link" onClick={() => openAt()}>
            {t('compareConfusions.reviewThese', { count: c.count })}
          </button>
        )}
      </p>
      <div className="compare-thumbs">
        {shown.map((id) => (
          <button
            key={id}
            type="button"
            className="compare-thumb"
            aria-label={t('compareConfusions.openImageInReview', { id, title })}
            disabled={!open}
            onClick={() => openAt(id)}
          >
            <img
              src={api.imageUrl(id, { thumb: true })}
              alt={t('compareConfusions.imagePredicted', {
                id,
                trueLabel: c.trueLabel,
                predicted: c.predicted
              })}
              loading="lazy"
              width={96}
              height={96}
            />
          </button>
        ))}
        {hidden > 0 &&
          (props.ids ? (
            <button type="button" className="compare-more" onClick={() => setAll(true)}>
              {t('compareConfusions.more', { hidden })}
            </button>
          ) : (
            <span className="compare-more muted" title={t('compareConfusions.thisReportWasSavedBy')}>
              {t('compareConfusions.moreClickRunComparisonTo', { hidden })}
            </span>
          ))}
      </div>
    </li>
  )
}

export function Confusions(props: { report: CompareReport; api: ZebraApi; open: Open }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { report, api, open } = props
  return (
    <section className="card" aria-labelledby={`${ids}-conf`}>
      <h2 id={`${ids}-conf`}>{t('compareConfusions.largestConfusions')}</h2>
      {report.confusions.length === 0 ? (
        <p className="muted">{t('compareConfusions.noConfusionsEveryReviewedImage')}</p>
      ) : (
        <ul className="compare-confusions">
          {report.confusions.map((c) => (
            <ConfusionItem
              key={`${c.trueLabel}\u0000${c.predicted}`}
              c={c}
              ids={cellImages(report, report.labels.indexOf(c.trueLabel), report.labels.indexOf(c.predicted))}
              api={api}
              open={open}
            />
          ))}
        </ul>
      )}
    </section>
  )
}

export function ConfusionMatrix(props: { report: CompareReport; open: Open }): React.JSX.Element | null {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { report, open } = props
  const { labels, confusionMatrix: m } = report
  if (labels.length === 0 || labels.length > MATRIX_MAX || m.length !== labels.length) return null
  return (
    <section className="card" aria-labelledby={`${ids}-matrix`}>
      <h2 id={`${ids}-matrix`}>{t('compareConfusions.confusionMatrix')}</h2>
      <p className="muted small">{t('compareConfusions.rowsYourLabelColumnsThe')}</p>
      <div className="compare-matrix-wrap">
        <table className="compare-table compare-matrix">
          <thead>
            <tr>
              <th scope="col">{t('compareConfusions.labelPredicted')}</th>
              {labels.map((l) => (
                <th key={l} scope="col">
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((truth, i) => (
              <tr key={truth}>
                <th scope="row">{truth}</th>
                {labels.map((p, j) => {
                  const n = m[i]?.[j] ?? 0
                  const cell = n > 0 ? cellImages(report, i, j) : null
                  const what = t('compareConfusions.cellImages', { count: n, truth, predicted: p })
                  return (
                    <td key={p} className={i === j ? 'diag' : n > 0 ? 'off' : undefined}>
                      {cell && open ? (
                        <button
                          type="button"
                          className="compare-cell"
                          aria-label={t('compareConfusions.reviewThe', { what })}
                          onClick={() =>
                            open({
                              title: t('compareConfusions.cellTitle', { truth, predicted: p }),
                              imageIds: cell
                            })
                          }
                        >
                          {n}
                        </button>
                      ) : (
                        <span aria-label={what}>{n}</span>
                      )}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
