// The compare screen of a tags project: each template set's mAP (any can be made the default),
// the per-tag table of one set (AP; precision, recall and F1 at p ≥ 0.5 and at the tag's
// threshold) and the few-shot heads' learning curve in mAP; and the models compared tag by tag. The
// numbers are the `tags` sections of compare.run and compare.models (src/shared/tag-report.ts).
import { useId, useState } from 'react'
import type { ModelsReport } from '../../../shared/models-report'
import type { TagCompareRow, TagCompareSection, TagPRF } from '../../../shared/tag-report'
import { C } from '../charts/colors'
import { LearningCurveChart, type CurveLine } from '../charts/LearningCurveChart'
import { pct } from '../lib/format'
import { MakeDefaultButton } from './MakeDefaultButton'
import { i18n, useTranslation } from '../i18n'

const pctOrDash = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : pct(v))

const MAP_LINES = (): CurveLine[] => [
  { key: 'zeroShotMAP', name: 'zero-shot', stroke: C.second },
  { key: 'calibratedMAP', name: 'calibrated', stroke: C.muted, dashed: true },
  {
    key: 'adaptedMAP',
    name: i18n.t('compare:compareTags.fewShotHeads'),
    stroke: C.accent
  }
]

function thresholdText(row: TagCompareRow): string {
  const t = row.threshold
  if (t.kind === 'ok') return `≥ ${t.threshold.toFixed(2)}`
  if (t.kind === 'unreachable') return i18n.t('compare:compareTags.noneBest', { pct: pct(t.bestPrecision) })
  return i18n.t('compare:compareTags.withheldMore', { needs: t.needs })
}

function PRF(props: { v: TagPRF | null }): React.JSX.Element {
  const { v } = props
  return (
    <>
      <td>{pctOrDash(v?.precision)}</td>
      <td>{pctOrDash(v?.recall)}</td>
      <td>{pctOrDash(v?.f1)}</td>
    </>
  )
}

export function TagSetsSection(props: {
  tags: TagCompareSection
  busy: string | null
  apply(name: string, templates: string[]): Promise<void>
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { tags, busy, apply } = props
  const ranked = [...tags.sets].sort((a, b) => (b.mAP ?? -1) - (a.mAP ?? -1))
  return (
    <section className="card" aria-labelledby={`${ids}-sets`}>
      <h2 id={`${ids}-sets`}>{t('compareTags.templateSetsByMap')}</h2>
      <p className="muted">
        {t('compareTags.decidedImagesTagsEachTag', {
          images: tags.images,
          length: tags.tags.length,
          scale: tags.scale,
          pct: pct(tags.target, 0)
        })}
      </p>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">{t('compareTags.templateSet')}</th>
            <th scope="col">{t('compareTags.templates')}</th>
            <th scope="col">{t('compareTags.map')}</th>
            <th scope="col">{t('compareTags.microF1At05')}</th>
            <th scope="col">
              <span className="sr-only">{t('compareTags.action')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((s) => (
            <tr key={s.name} data-best={s.name === tags.best || undefined}>
              <th scope="row">{s.name}</th>
              <td>{s.templates.length}</td>
              <td>
                {s.mAP !== null && (
                  <span className="compare-bar" aria-hidden="true">
                    <span style={{ width: `${s.mAP * 100}%` }} />
                  </span>
                )}
                {pctOrDash(s.mAP)}
              </td>
              <td>{pct(s.microF1)}</td>
              <td>
                <MakeDefaultButton
                  name={s.name}
                  templates={s.templates}
                  disabled={busy !== null}
                  apply={apply}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

export function TagTable(props: { tags: TagCompareSection }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { tags } = props
  const [chosen, setChosen] = useState<string | null>(null)
  const set = tags.sets.find((s) => s.name === (chosen ?? tags.best)) ?? tags.sets[0]
  if (!set) return <></>
  const withheld = set.perTag.find((r) => r.threshold.kind === 'withheld')?.threshold
  return (
    <section className="card" aria-labelledby={`${ids}-tags`}>
      <h2 id={`${ids}-tags`}>{t('compareTags.perTag')}</h2>
      <div className="compare-row">
        <label htmlFor={`${ids}-set`}>{t('compareTags.templateSet')}</label>
        <select id={`${ids}-set`} value={set.name} onChange={(e) => setChosen(e.target.value)}>
          {tags.sets.map((s) => (
            <option key={s.name} value={s.name}>
              {t('compareTags.map2', { name: s.name, pctOrDash: pctOrDash(s.mAP) })}
            </option>
          ))}
        </select>
      </div>
      <table className="compare-table" aria-label={t('compareTags.perTag2', { name: set.name })}>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t('compareTags.tag')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('compareTags.present')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('compareTags.absent')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('compareTags.ap')}
            </th>
            <th scope="colgroup" colSpan={3}>
              {t('compareTags.atP05')}
            </th>
            <th scope="colgroup" colSpan={4}>
              {t('compareTags.atTheTagAposS')}
            </th>
          </tr>
          <tr>
            <th scope="col">{t('compareTags.precision')}</th>
            <th scope="col">{t('compareTags.recall')}</th>
            <th scope="col">{t('compareTags.f1')}</th>
            <th scope="col">{t('compareTags.threshold')}</th>
            <th scope="col">{t('compareTags.precision')}</th>
            <th scope="col">{t('compareTags.recall')}</th>
            <th scope="col">{t('compareTags.f1')}</th>
          </tr>
        </thead>
        <tbody>
          {set.perTag.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.present}</td>
              <td>{r.absent}</td>
              <td>{pctOrDash(r.ap)}</td>
              <PRF v={r.atHalf} />
              <td>{thresholdText(r)}</td>
              <PRF v={r.atThreshold} />
            </tr>
          ))}
        </tbody>
      </table>
      {withheld?.kind === 'withheld' && (
        <p className="muted small">{t('compareTags.thresholdsWithheld', { reason: withheld.reason })}</p>
      )}
    </section>
  )
}

export function TagCurveSection(props: { tags: TagCompareSection }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const ids = useId()
  const { curve } = props.tags
  return (
    <section className="card" aria-labelledby={`${ids}-curve`}>
      <h2 id={`${ids}-curve`}>{t('compareTags.learningCurve')}</h2>
      {!curve && <p className="muted">{t('compareTags.tooFewDecidedImagesFor')}</p>}
      {curve && (
        <>
          <p className="muted">{t('compareTags.mapOnHeldOutDecided', { basis: curve.basis })}</p>
          <LearningCurveChart
            points={curve.points}
            lines={MAP_LINES()}
            counts={i18n.t('compare:compareTags.decidedImages2')}
            label={t('compareTags.learningCurveZeroShotCalibrated')}
          />
          <table className="compare-table" aria-label={t('compareTags.learningCurve')}>
            <thead>
              <tr>
                <th scope="col">{t('compareTags.decidedImages')}</th>
                <th scope="col">{t('compareTags.zeroShotMap')}</th>
                <th scope="col">{t('compareTags.calibratedMap')}</th>
                <th scope="col">{t('compareTags.fewShotHeadsMap')}</th>
              </tr>
            </thead>
            <tbody>
              {curve.points.map((p) => (
                <tr key={p.n}>
                  <td>{p.n}</td>
                  <td>{pct(p.zeroShotMAP)}</td>
                  <td>{pct(p.calibratedMAP)}</td>
                  <td>{pct(p.adaptedMAP)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

/** "Which model for this dataset" in a tags project: each model's mAP and its AP per tag. */
export function TagModelsTable(props: { report: ModelsReport }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const { report } = props
  const scored = report.models.filter((m) => m.tags)
  return (
    <>
      <table className="compare-table" aria-label={t('compareTags.modelsCompared')}>
        <thead>
          <tr>
            <th scope="col">{t('compareTags.model')}</th>
            <th scope="col">{t('compareTags.variant')}</th>
            <th scope="col">{t('compareTags.embedded')}</th>
            <th scope="col">{t('compareTags.map')}</th>
            <th scope="col">{t('compareTags.microF1At05')}</th>
            <th scope="col">{t('compareTags.fewShotHeadsMap')}</th>
            <th scope="col">{t('compareTags.imagesSHere')}</th>
          </tr>
        </thead>
        <tbody>
          {report.models.map((m) => {
            const last = m.tags?.curve?.at(-1)
            return (
              <tr key={m.modelId} data-current={m.current || undefined}>
                <th scope="row" title={m.dir ?? m.modelId}>
                  {m.name}
                  {m.current && <span className="muted"> {t('compareTags.current')}</span>}
                </th>
                <td>{m.variant}</td>
                <td>{m.embedded}</td>
                <td>
                  {m.tags?.mAP != null && (
                    <span className="compare-bar" aria-hidden="true">
                      <span style={{ width: `${m.tags.mAP * 100}%` }} />
                    </span>
                  )}
                  {pctOrDash(m.tags?.mAP)}
                </td>
                <td>{pctOrDash(m.tags?.microF1)}</td>
                <td title={last ? t('compareTags.afterLearningFromDecidedImages', { n: last.n }) : undefined}>
                  {pctOrDash(last?.adaptedMAP)}
                </td>
                <td
                  title={
                    m.speed
                      ? t('compareTags.images', { images: m.speed.images, source: m.speed.source })
                      : (m.speedNote ?? '')
                  }
                >
                  {m.speed ? m.speed.imagesPerS.toFixed(1) : '–'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {scored.length > 0 && (
        <table className="compare-table" aria-label={t('compareTags.apPerTagAndModel')}>
          <thead>
            <tr>
              <th scope="col">{t('compareTags.tag')}</th>
              {scored.map((m) => (
                <th key={m.modelId} scope="col">
                  {m.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.labels.map((tag, t) => (
              <tr key={tag}>
                <th scope="row">{tag}</th>
                {scored.map((m) => (
                  <td key={m.modelId}>{pctOrDash(m.tags!.perTag[t]?.ap)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
