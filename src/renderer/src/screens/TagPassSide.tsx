// The tag pass's side panel: the tag's counts, what its probabilities rest on (cold start, or
// calibrated on N decisions), its auto-accept threshold for the target precision, and its negative
// prompts with an editor (empty: the default neutral prompts, listed).
import { useEffect, useState } from 'react'
import type { TagInfo, TagsSummary } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { pct } from '../lib/format'
import { i18n, useTranslation } from '../i18n'

/** "p ≥ 0.87 reaches 90% precision on N decided, covers X%", or what it still needs. */
export function thresholdLine(t: TagInfo, target: number): string {
  const decided = t.present + t.absent
  const th = t.threshold
  if (th.kind === 'ok')
    return i18n.t('tags:tagPassSide.pReachesPrecisionOnDecided', {
      toFixed: th.threshold.toFixed(2),
      pct: pct(th.precision, 0),
      decided,
      pct2: pct(th.coverage, 0)
    })
  if (th.kind === 'withheld')
    return i18n.t('tags:tagPassSide.noThresholdYetNeedsMore', { needs: th.needs, reason: th.reason })
  return i18n.t('tags:tagPassSide.noThresholdReachesPrecisionYet', {
    pct: pct(target, 0),
    pct2: pct(th.bestPrecision, 0),
    decided
  })
}

export function calibrationLine(t: TagInfo): string {
  const c = t.calibration
  if (c.kind === 'calibrated')
    return i18n.t('tags:tagPassSide.calibratedOnDecisionsPresentAbsent', {
      value: c.present + c.absent,
      present: c.present,
      absent: c.absent
    })
  // enough decisions on both sides: the fit runs in the background after a decision
  if (c.needs.present === 0 && c.needs.absent === 0)
    return i18n.t('tags:tagPassSide.coldStartZeroShotFor', { value: c.present + c.absent })
  return i18n.t('tags:tagPassSide.coldStartZeroShotNeeds', {
    present: c.needs.present,
    absent: c.needs.absent
  })
}

function Negatives(props: {
  tag: TagInfo
  defaults: string[]
  onSaved(s: TagsSummary): void
}): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const { api, notify, project } = useApp()
  const { tag } = props
  const [text, setText] = useState(tag.negatives.join('\n'))
  const [busy, setBusy] = useState(false)
  useEffect(() => setText(tag.negatives.join('\n')), [tag.labelId, tag.negatives])
  const save = async (negatives: string[]): Promise<void> => {
    setBusy(true)
    try {
      props.onSaved(await call(api, 'tags.setNegatives', { labelId: tag.labelId, negatives }))
      notify(i18n.t('tags:tagPassSide.negativePromptsSavedItsScores', { label: tag.label }), 'info')
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
      <h3 id="negatives-title">{t('tagPassSide.negativePrompts')}</h3>
      <p className="muted small">
        {t('tagPassSide.aTagIsScoredAgainst', { label: tag.label })}{' '}
        {tag.negatives.length === 0 && t('tagPassSide.emptyTheDefaultsBelow')}
      </p>
      <textarea
        aria-label={t('tagPassSide.negativePromptsOf', { label: tag.label })}
        rows={4}
        value={text}
        placeholder={t('tagPassSide.emptyTheDefaultsBelow2')}
        onChange={(e) => setText(e.target.value)}
      />
      {tag.negatives.length === 0 && (
        <ul className="muted small" aria-label={t('tagPassSide.defaultNegativePrompts')}>
          {props.defaults.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" disabled={busy || !!project?.readOnly} onClick={() => void save(lines)}>
          {t('tagPassSide.savePrompts')}
        </button>
        <button
          type="button"
          disabled={busy || tag.negatives.length === 0 || !!project?.readOnly}
          onClick={() => void save([])}
        >
          {t('tagPassSide.useTheDefaults')}
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
  const { t } = useTranslation(['tags', 'common'])
  const { tag, summary } = props
  return (
    <aside className="tag-pass-side" aria-label={t('tagPassSide.tag')}>
      <h2>{tag.label}</h2>
      <p className="small" data-testid="tag-pass-counts">
        {t('tagPassSide.presentAbsentUnsureScored', {
          present: tag.present,
          absent: tag.absent,
          unsure: tag.unsure,
          scored: tag.scored
        })}
      </p>
      <p className="small" data-testid="tag-calibration">
        {calibrationLine(tag)}
      </p>
      <p className="small" data-testid="tag-threshold">
        {thresholdLine(tag, summary.target)}
      </p>
      <p className="muted small">
        {t('tagPassSide.preCheckedInReviewAt', { toFixed: tag.checkAt.toFixed(2) })}
      </p>
      <Negatives tag={tag} defaults={summary.defaultNegatives} onSaved={props.onSaved} />
    </aside>
  )
}
