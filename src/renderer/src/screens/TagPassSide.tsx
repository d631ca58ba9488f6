// The tag pass's side panel: the tag's counts, what its probabilities rest on (cold start, or
// calibrated on N decisions), its auto-accept threshold for the target precision, and its negative
// prompts with an editor (empty: the default neutral prompts, listed).
import { useEffect, useState } from 'react'
import type { TagInfo, TagsSummary } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { pct } from '../lib/format'

/** "p ≥ 0.87 reaches 90% precision on N decided, covers X%", or what it still needs. */
export function thresholdLine(t: TagInfo, target: number): string {
  const decided = t.present + t.absent
  const th = t.threshold
  if (th.kind === 'ok')
    return `p ≥ ${th.threshold.toFixed(2)} reaches ${pct(th.precision, 0)} precision on ${decided} decided, covers ${pct(th.coverage, 0)}`
  if (th.kind === 'withheld') return `No threshold yet: needs ${th.needs} more decisions (${th.reason})`
  return `No threshold reaches ${pct(target, 0)} precision yet (best ${pct(th.bestPrecision, 0)} on ${decided} decided)`
}

export function calibrationLine(t: TagInfo): string {
  const c = t.calibration
  if (c.kind === 'calibrated')
    return `Calibrated on ${c.present + c.absent} decisions (${c.present} present, ${c.absent} absent)`
  // enough decisions on both sides: the fit runs in the background after a decision
  if (c.needs.present === 0 && c.needs.absent === 0)
    return `Cold start (zero-shot) for now: calibrating on ${c.present + c.absent} decisions`
  return `Cold start (zero-shot): needs ${c.needs.present} more present and ${c.needs.absent} more absent decisions to calibrate`
}

function Negatives(props: {
  tag: TagInfo
  defaults: string[]
  onSaved(s: TagsSummary): void
}): React.JSX.Element {
  const { api, notify, project } = useApp()
  const { tag } = props
  const [text, setText] = useState(tag.negatives.join('\n'))
  const [busy, setBusy] = useState(false)
  useEffect(() => setText(tag.negatives.join('\n')), [tag.labelId, tag.negatives])
  const save = async (negatives: string[]): Promise<void> => {
    setBusy(true)
    try {
      props.onSaved(await call(api, 'tags.setNegatives', { labelId: tag.labelId, negatives }))
      notify(`${tag.label}: negative prompts saved; its scores are being recomputed.`, 'info')
    } catch (e) {
      notify(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  return (
    <section aria-labelledby="negatives-title">
      <h3 id="negatives-title">Negative prompts</h3>
      <p className="muted small">
        A tag is scored against these (“not {tag.label}”), one per line.{' '}
        {tag.negatives.length === 0 && 'Empty: the defaults below.'}
      </p>
      <textarea
        aria-label={`Negative prompts of ${tag.label}`}
        rows={4}
        value={text}
        placeholder="empty: the defaults below"
        onChange={(e) => setText(e.target.value)}
      />
      {tag.negatives.length === 0 && (
        <ul className="muted small" aria-label="Default negative prompts">
          {props.defaults.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" disabled={busy || !!project?.readOnly} onClick={() => void save(lines)}>
          Save prompts
        </button>
        <button
          type="button"
          disabled={busy || tag.negatives.length === 0 || !!project?.readOnly}
          onClick={() => void save([])}
        >
          Use the defaults
        </button>
      </div>
    </section>
  )
}

export function TagPassSide(props: {
  summary: TagsSummary
  tag: TagInfo
  onSaved(s: TagsSummary): void
}): React.JSX.Element {
  const { tag, summary } = props
  return (
    <aside className="tag-pass-side" aria-label="Tag">
      <h2>{tag.label}</h2>
      <p className="small" data-testid="tag-pass-counts">
        {tag.present} present · {tag.absent} absent · {tag.unsure} unsure · {tag.scored} scored
      </p>
      <p className="small" data-testid="tag-calibration">
        {calibrationLine(tag)}
      </p>
      <p className="small" data-testid="tag-threshold">
        {thresholdLine(tag, summary.target)}
      </p>
      <p className="muted small">Pre-checked in review at p ≥ {tag.checkAt.toFixed(2)}.</p>
      <Negatives tag={tag} defaults={summary.defaultNegatives} onSaved={props.onSaved} />
    </aside>
  )
}
