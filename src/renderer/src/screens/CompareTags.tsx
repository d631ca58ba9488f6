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

const pctOrDash = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : pct(v))

const MAP_LINES: CurveLine[] = [
  { key: 'zeroShotMAP', name: 'zero-shot', stroke: C.second },
  { key: 'calibratedMAP', name: 'calibrated', stroke: C.muted, dashed: true },
  { key: 'adaptedMAP', name: 'few-shot heads', stroke: C.accent }
]

function thresholdText(row: TagCompareRow): string {
  const t = row.threshold
  if (t.kind === 'ok') return `≥ ${t.threshold.toFixed(2)}`
  if (t.kind === 'unreachable') return `none (best ${pct(t.bestPrecision)})`
  return `withheld: ${t.needs} more`
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
  const ids = useId()
  const { tags, busy, apply } = props
  const ranked = [...tags.sets].sort((a, b) => (b.mAP ?? -1) - (a.mAP ?? -1))
  return (
    <section className="card" aria-labelledby={`${ids}-sets`}>
      <h2 id={`${ids}-sets`}>Template sets by mAP</h2>
      <p className="muted">
        {tags.images} decided images, {tags.tags.length} tags. Each tag is its own yes/no question: cold-start
        p = sigmoid({tags.scale} · s); thresholds aim at {pct(tags.target, 0)} precision.
      </p>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">Template set</th>
            <th scope="col">Templates</th>
            <th scope="col">mAP</th>
            <th scope="col">Micro F1 at 0.5</th>
            <th scope="col">
              <span className="sr-only">Action</span>
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
  const ids = useId()
  const { tags } = props
  const [chosen, setChosen] = useState<string | null>(null)
  const set = tags.sets.find((s) => s.name === (chosen ?? tags.best)) ?? tags.sets[0]
  if (!set) return <></>
  const withheld = set.perTag.find((r) => r.threshold.kind === 'withheld')?.threshold
  return (
    <section className="card" aria-labelledby={`${ids}-tags`}>
      <h2 id={`${ids}-tags`}>Per tag</h2>
      <div className="compare-row">
        <label htmlFor={`${ids}-set`}>Template set</label>
        <select id={`${ids}-set`} value={set.name} onChange={(e) => setChosen(e.target.value)}>
          {tags.sets.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} (mAP {pctOrDash(s.mAP)})
            </option>
          ))}
        </select>
      </div>
      <table className="compare-table" aria-label={`Per tag: ${set.name}`}>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Tag
            </th>
            <th scope="col" rowSpan={2}>
              Present
            </th>
            <th scope="col" rowSpan={2}>
              Absent
            </th>
            <th scope="col" rowSpan={2}>
              AP
            </th>
            <th scope="colgroup" colSpan={3}>
              At p ≥ 0.5
            </th>
            <th scope="colgroup" colSpan={4}>
              At the tag&apos;s threshold
            </th>
          </tr>
          <tr>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">F1</th>
            <th scope="col">Threshold</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">F1</th>
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
      {withheld?.kind === 'withheld' && <p className="muted small">Thresholds withheld: {withheld.reason}</p>}
    </section>
  )
}

export function TagCurveSection(props: { tags: TagCompareSection }): React.JSX.Element {
  const ids = useId()
  const { curve } = props.tags
  return (
    <section className="card" aria-labelledby={`${ids}-curve`}>
      <h2 id={`${ids}-curve`}>Learning curve</h2>
      {!curve && (
        <p className="muted">
          Too few decided images for a learning curve: it holds out a third of them and needs a present tag
          among those.
        </p>
      )}
      {curve && (
        <>
          <p className="muted">
            mAP on held-out decided images as the few-shot heads learn from more of them, starting from
            &ldquo;{curve.basis}&rdquo;. Calibration keeps each tag&apos;s order, so its mAP is the zero-shot
            one.
          </p>
          <LearningCurveChart
            points={curve.points}
            lines={MAP_LINES}
            counts="decided images"
            label="Learning curve: zero-shot, calibrated and few-shot heads mAP by number of decided images"
          />
          <table className="compare-table" aria-label="Learning curve">
            <thead>
              <tr>
                <th scope="col">Decided images</th>
                <th scope="col">Zero-shot mAP</th>
                <th scope="col">Calibrated mAP</th>
                <th scope="col">Few-shot heads mAP</th>
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
  const { report } = props
  const scored = report.models.filter((m) => m.tags)
  return (
    <>
      <table className="compare-table" aria-label="Models compared">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Variant</th>
            <th scope="col">Embedded</th>
            <th scope="col">mAP</th>
            <th scope="col">Micro F1 at 0.5</th>
            <th scope="col">Few-shot heads mAP</th>
            <th scope="col">Images/s here</th>
          </tr>
        </thead>
        <tbody>
          {report.models.map((m) => {
            const last = m.tags?.curve?.at(-1)
            return (
              <tr key={m.modelId} data-current={m.current || undefined}>
                <th scope="row" title={m.dir ?? m.modelId}>
                  {m.name}
                  {m.current && <span className="muted"> (current)</span>}
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
                <td title={last ? `after learning from ${last.n} decided images` : undefined}>
                  {pctOrDash(last?.adaptedMAP)}
                </td>
                <td title={m.speed ? `${m.speed.images} images, ${m.speed.source}` : (m.speedNote ?? '')}>
                  {m.speed ? m.speed.imagesPerS.toFixed(1) : '–'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {scored.length > 0 && (
        <table className="compare-table" aria-label="AP per tag and model">
          <thead>
            <tr>
              <th scope="col">Tag</th>
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
