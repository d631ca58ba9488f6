// Review, the main screen. One key per accepted suggestion (1-5); the next items and their images
// are fetched ahead so the screen advances at once (optimistically) after each decision, while the
// decisions themselves are sent in order on a promise chain (useReviewQueue); this is the view.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  REVIEW_ORDERS,
  REVIEW_STATUSES,
  type Label,
  type ReviewOrder,
  type ReviewQuery,
  type ReviewStatus
} from '../../../shared/contract'
import { KeysDialog } from '../components/KeysDialog'
import { LabelSearch } from '../components/LabelSearch'
import { DEMO_NOTE } from '../components/ModelChoices'
import { ZoomStage, type ZoomHandle } from '../components/ZoomStage'
import { RescoreStatus } from '../components/RescoreStatus'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { pct, perMinute } from '../lib/format'
import { REVIEW_KEYS, isTypingTarget, reviewKeyAction, type ReviewAction } from '../lib/keys'
import { useReviewQueue } from './useReviewQueue'

export function ReviewScreen(): React.JSX.Element {
  const { api, project, model, notify, refreshProject, jobs } = useApp()
  const prelabelling = Object.values(jobs).some((j) => j.kind === 'prelabel' && j.state === 'running')
  const labels: Label[] = useMemo(() => project?.labels ?? [], [project])
  const activeLabels = useMemo(() => labels.filter((l) => !l.archived), [labels])
  const {
    query,
    setQuery,
    item,
    current,
    loading,
    stats,
    session,
    now,
    lastAction,
    urlOf,
    decide,
    undoRedo,
    move
  } = useReviewQueue(api, labels, notify)
  const [searchOpen, setSearchOpen] = useState(false)
  const [adding, setAdding] = useState<string | null>(null)
  const [helpOpen, setHelpOpen] = useState(false)
  const zoom = useRef<ZoomHandle>(null)
  const stage = useRef<HTMLDivElement>(null)

  const act = useCallback(
    (a: ReviewAction) => {
      switch (a.type) {
        case 'accept': {
          const cur = current()
          if (cur && cur.suggestions.some((s) => s.rank === a.rank)) decide('accepted', { rank: a.rank })
          return
        }
        case 'reject':
          if (current()) setSearchOpen(true)
          return
        case 'skip':
          decide('skipped', {})
          return
        case 'unsure': {
          // 'unsure' may carry a label: the top suggestion, as the hint a second reviewer sees
          const top = current()?.suggestions[0]
          decide('unsure', top ? { labelId: top.labelId } : {})
          return
        }
        case 'undo':
          undoRedo('review.undo')
          return
        case 'redo':
          undoRedo('review.redo')
          return
        case 'next':
        case 'prev':
          move(a.type)
          return
        case 'help':
          setHelpOpen((h) => !h)
          return
        case 'zoom':
          zoom.current?.zoom(a.by)
          return
        case 'pan':
          zoom.current?.pan(a.dx, a.dy)
          return
      }
    },
    [current, decide, move, undoRedo]
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (searchOpen || e.defaultPrevented || isTypingTarget(e.target)) return
      // another modal (export, folder picker) owns the keyboard while it is open
      if (!helpOpen && document.querySelector('dialog[open]')) return
      if (helpOpen) {
        if (e.key === '?' || e.key === 'Escape') {
          e.preventDefault()
          setHelpOpen(false)
        }
        return
      }
      // Focused buttons keep Enter/Space; our keys are letters, digits and arrows only
      const a = reviewKeyAction(e)
      if (!a) return
      e.preventDefault()
      act(a)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [act, helpOpen, searchOpen])

  useEffect(() => () => void refreshProject(), [refreshProject])

  // a filter change hands the keyboard back to the stage: a focused dropdown would eat the keys
  const setQ = (patch: Partial<ReviewQuery>): void => {
    setQuery((q) => ({ ...q, ...patch }))
    stage.current?.focus()
  }

  return (
    <main className="screen review" aria-label="Review">
      <div className="review-bar" role="toolbar" aria-label="Review filters and counters">
        <label>
          Show{' '}
          <select
            aria-label="Status filter"
            value={query.status}
            onChange={(e) => setQ({ status: e.target.value as ReviewStatus })}
          >
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order{' '}
          <select
            aria-label="Order"
            value={query.order}
            onChange={(e) => setQ({ order: e.target.value as ReviewOrder })}
          >
            {REVIEW_ORDERS.map((o) => (
              <option key={o} value={o}>
                {o.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Suggested{' '}
          <select
            aria-label="Suggested label filter"
            value={query.labelId ?? ''}
            onChange={(e) =>
              // a suggested-label filter is the by-label queue (most confident first)
              e.target.value === ''
                ? setQ({ labelId: undefined, order: query.order === 'by_label' ? 'file' : query.order })
                : setQ({ labelId: Number(e.target.value), order: 'by_label' })
            }
          >
            <option value="">any label</option>
            {activeLabels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        <RescoreStatus compact />
        <span className="counter" data-testid="counter-reviewed" aria-label="Reviewed of total">
          {stats ? `${stats.reviewed} / ${stats.total} reviewed` : '…'}
        </span>
        <span className="counter" aria-label="Accept rate">
          accept {stats ? pct(stats.acceptRate) : '–'}
        </span>
        <span className="counter" aria-label="Images per minute this session">
          {perMinute(session.decisions, session.start, now).toFixed(1)} img/min
        </span>
        <button type="button" aria-label="Show keyboard shortcuts" onClick={() => setHelpOpen(true)}>
          ?
        </button>
      </div>

      <div className="review-body">
        <div className="stage" aria-live="polite" ref={stage} tabIndex={-1} data-testid="stage">
          {loading && !item && <p className="muted">Loading…</p>}
          {!loading && !item && (
            <div className="empty" data-testid="review-empty">
              <h2>Nothing left here</h2>
              <p className="muted">No image matches “{query.status}”. Change the filter above, or export.</p>
            </div>
          )}
          {item && <ZoomStage ref={zoom} key={item.image.id} image={item.image} url={urlOf(item.image.id)} />}
        </div>
        <aside className="side" aria-label="Suggestions">
          {item && (
            <>
              <div className="file mono small" data-testid="review-file" title={item.image.relPath}>
                {item.image.relPath}
              </div>
              <div className="muted small">
                {item.position} of {item.total} in this queue
              </div>
              {item.current && (
                <div className={`current kind-${item.current.kind}`} data-testid="current-decision">
                  {item.current.kind}
                  {item.current.label ? `: ${item.current.label}` : ''}{' '}
                  {item.current.recordedLabel && (
                    <span className="muted small">(recorded as {item.current.recordedLabel}) </span>
                  )}
                  <span className="muted small">by {item.current.annotator}</span>
                </div>
              )}
              <ol className="suggestions">
                {item.suggestions.slice(0, 5).map((s) => (
                  <li key={s.rank}>
                    <button
                      type="button"
                      className="suggestion"
                      aria-label={`Accept ${s.label}, ${pct(s.prob, 1)} (key ${s.rank})`}
                      onClick={() => act({ type: 'accept', rank: s.rank })}
                    >
                      <kbd>{s.rank}</kbd>
                      <span className="s-label">{s.label}</span>
                      <span className="s-prob">{pct(s.prob, 1)}</span>
                      <span
                        className={`s-source source-${s.source}`}
                        title={
                          s.source === 'adapted'
                            ? 'blended with your reviewed examples'
                            : 'zero-shot text prompts'
                        }
                      >
                        {s.source === 'adapted' ? 'adapted' : 'zero-shot'}
                      </span>
                      <span className="bar" aria-hidden="true">
                        <span style={{ width: `${Math.max(1, s.prob * 100)}%` }} />
                      </span>
                    </button>
                  </li>
                ))}
                {item.suggestions.length === 0 && (
                  <li className="muted" data-testid="no-suggestions">
                    {prelabelling
                      ? 'Not scored yet: pre-labelling is still running. Order by confidence to see only scored images.'
                      : 'No suggestions (not pre-labelled or unreadable).'}
                  </li>
                )}
              </ol>
              {model?.demo && (
                <p className="warn small" data-testid="demo-note">
                  Demo model: {DEMO_NOTE}.
                </p>
              )}
              <div className="row wrap">
                <button
                  type="button"
                  aria-label="Reject and correct (key 0 or X)"
                  onClick={() => act({ type: 'reject' })}
                >
                  <kbd>0</kbd> Correct…
                </button>
                <button type="button" aria-label="Skip (key S)" onClick={() => act({ type: 'skip' })}>
                  <kbd>S</kbd> Skip
                </button>
                <button type="button" aria-label="Not sure (key N)" onClick={() => act({ type: 'unsure' })}>
                  <kbd>N</kbd> Not sure
                </button>
                <button type="button" aria-label="Undo (key U)" onClick={() => act({ type: 'undo' })}>
                  <kbd>U</kbd> Undo
                </button>
                <button type="button" aria-label="Previous image" onClick={() => act({ type: 'prev' })}>
                  ←
                </button>
                <button type="button" aria-label="Next image" onClick={() => act({ type: 'next' })}>
                  →
                </button>
              </div>
            </>
          )}
          <p className="muted small" data-testid="last-action" aria-live="polite">
            {lastAction}
          </p>
        </aside>
      </div>

      {searchOpen && item && (
        <LabelSearch
          labels={labels}
          onCancel={() => setSearchOpen(false)}
          onRejectOnly={() => {
            setSearchOpen(false)
            decide('rejected', {})
          }}
          onPick={(l) => {
            setSearchOpen(false)
            decide('corrected', { labelId: l.id })
          }}
          adding={adding}
          onAdd={(name) => {
            // the panel stays open (and owns the keys) until the label exists: the correction
            // must land on this image, not on one a stray key moved to meanwhile
            setAdding(name)
            call(api, 'labels.add', { labels: [{ name }] })
              .then(([l]) => {
                setSearchOpen(false)
                decide('corrected', { labelId: l!.id, labelName: l!.name })
                notify(`Added “${l!.name}”: suggestions are being re-scored`, 'info')
                void refreshProject()
              })
              .catch((err: unknown) => notify(`Could not add “${name}”: ${toAppError(err).message}`))
              .finally(() => setAdding(null))
          }}
        />
      )}
      {helpOpen && (
        <KeysDialog
          title="Keyboard shortcuts"
          keys={REVIEW_KEYS}
          onClose={() => setHelpOpen(false)}
          testId="keys-overlay"
        />
      )}
    </main>
  )
}
