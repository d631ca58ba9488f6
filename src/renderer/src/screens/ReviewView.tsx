// The review screen's view of whichever queue it shows (the filtered queue of useReviewQueue, or a
// fixed list of useListQueue: possible mistakes, search results, duplicate groups, a compare
// cell): the bar's counters, the stage, the suggestions, the keys. A queue source can take over
// what accepting and correcting do (a duplicate group is labelled as a whole), add keys and a
// panel of its own; the rest is the same for every source.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import type { DecisionKind, Label, ReviewItem, ReviewStats } from '../../../shared/contract'
import { KeysDialog } from '../components/KeysDialog'
import { LabelSearch } from '../components/LabelSearch'
import { DEMO_NOTE } from '../components/ModelChoices'
import { ZoomStage, type ZoomHandle } from '../components/ZoomStage'
import { RescoreStatus } from '../components/RescoreStatus'
import { TeamOwnProgress } from '../components/TeamProgress'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { pct, perMinute } from '../lib/format'
import {
  REVIEW_KEYS,
  TAGS_REVIEW_KEYS,
  isTypingTarget,
  reviewKeyAction,
  type ReviewAction
} from '../lib/keys'
import { rememberImage } from '../lib/resume'
import type { DecisionExtra } from './useReviewQueue'

/** What the view needs of a queue: useReviewQueue and useListQueue both give it. */
export interface QueueView {
  item: ReviewItem | null
  current(): ReviewItem | null
  loading: boolean
  stats: ReviewStats | null
  session: { decisions: number; start: number }
  now: number
  lastAction: string
  urlOf(id: number): string
  decide(kind: DecisionKind, extra: DecisionExtra): void
  undoRedo(which: 'review.undo' | 'review.redo'): void
  move(direction: 'next' | 'prev'): void
  /** runs an action on the image shown, or keeps it for the next one (useReviewQueue) */
  whenShown?(action: () => void): void
}

/** How a queue source changes the view (all optional). */
export interface SourceMode {
  /** 1–5 (or a click on a suggestion): instead of accepting for the current image only */
  accept?(rank: number): void
  /** a label picked in the correction panel: instead of correcting the current image only */
  correct?(label: Label): void
  /** a key of the source's own (e.g. A, K); true when it was handled */
  key?(key: string): boolean
  /** the source's keys, listed first in the ? overlay */
  keys?: [string, string][]
  /** shown in the side panel under the file name */
  panel?: ReactNode
  /** the correction panel's title when `correct` is set */
  correctTitle?: string
  /** any key press, before the review keys (Enter, Shift+digits…); true when it was handled */
  keyDown?(e: KeyboardEvent): boolean
  /** a tags project: the panel replaces the suggestions, and there is nothing to correct */
  tags?: boolean
}

/**
 * A decision key on a filter dropdown of the review bar (one clicked without a change keeps the
 * focus): it decides for the image, it does not pick the option starting with that letter.
 * Arrows, Enter, Space and Tab stay the dropdown's, so it can still be changed by keyboard.
 */
function barSelectKey(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement
  if (el.tagName !== 'SELECT' || !el.closest('.review-bar')) return false
  if (e.ctrlKey || e.metaKey || e.altKey) return false
  return e.key.length === 1 && /[0-5xsnu]/i.test(e.key)
}

export function ReviewView(props: {
  queue: QueueView
  labels: Label[]
  /** the left of the bar: source picker and the source's own controls */
  filters: ReactNode
  /** the empty stage's text */
  empty: ReactNode
  mode?: SourceMode
  /** focus the stage when this changes (a filter or source change hands the keys back); null: leave the focus where it is (an empty search box) */
  focusKey?: unknown
}): React.JSX.Element {
  const { api, info, model, project, jobs, notify, refreshProject, openSettings } = useApp()
  const { queue, labels, mode } = props
  const { item, current, loading, stats, session, now, lastAction, urlOf, decide, undoRedo, move } = queue
  const prelabelling = Object.values(jobs).some((j) => j.kind === 'prelabel' && j.state === 'running')
  const [searchOpen, setSearchOpen] = useState(false)
  const [adding, setAdding] = useState<string | null>(null)
  const [helpOpen, setHelpOpen] = useState(false)
  const zoom = useRef<ZoomHandle>(null)
  const stage = useRef<HTMLDivElement>(null)
  // read at the key press, not captured by the listener: a key pressed right after the item
  // changed (before effects ran) still gets the source's keys of the item on screen
  const modeRef = useRef(mode)
  modeRef.current = mode

  useEffect(() => {
    if (props.focusKey !== null) stage.current?.focus()
  }, [props.focusKey])
  // the image on the stage: a tab whose server restarted reopens the project here (lib/resume)
  const projectPath = project?.path
  const shownId = item?.image.id
  useEffect(() => {
    if (projectPath && shownId !== undefined) rememberImage(projectPath, shownId)
  }, [projectPath, shownId])

  const act = useCallback(
    (a: ReviewAction) => {
      switch (a.type) {
        case 'accept': {
          const cur = current()
          const m = modeRef.current
          // no image yet (keys faster than the answers): the queue keeps the key for the next one
          if (!cur) {
            if (!m?.accept) decide('accepted', { rank: a.rank })
            return
          }
          if (!cur.suggestions.some((s) => s.rank === a.rank)) return
          if (m?.accept) m.accept(a.rank)
          else decide('accepted', { rank: a.rank })
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
      if (searchOpen || e.defaultPrevented) return
      if (isTypingTarget(e.target) && !barSelectKey(e)) return
      // another modal (export, folder picker) owns the keyboard while it is open
      if (!helpOpen && document.querySelector('dialog[open]')) return
      if (helpOpen) {
        if (e.key === '?' || e.key === 'Escape') {
          e.preventDefault()
          setHelpOpen(false)
        }
        return
      }
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey
      const m = modeRef.current
      if (m?.keyDown?.(e)) {
        e.preventDefault()
        return
      }
      if (plain && m?.key && e.key.length === 1 && m.key(e.key.toLowerCase())) {
        e.preventDefault()
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

  return (
    <main className="screen review" aria-label="Review">
      <div className="review-bar" role="toolbar" aria-label="Review filters and counters">
        {props.filters}
        <span className="grow" />
        <RescoreStatus compact />
        {project?.team ? (
          // a team copy records every decision under the member's role, whatever the setting says
          <span
            className="counter"
            data-testid="annotator"
            aria-label={`Deciding as ${project.team.annotator} (your team member name)`}
            title="A team project records your decisions under your member name"
          >
            as {project.team.annotator}
          </span>
        ) : (
          info && (
            <button
              type="button"
              className="link counter"
              data-testid="annotator"
              aria-label={`Deciding as ${info.annotator} (change in Settings)`}
              title="Every decision records this name: change it in Settings → Annotator"
              onClick={() => openSettings?.('annotator')}
            >
              as {info.annotator}
            </button>
          )
        )}
        <span className="counter" data-testid="counter-reviewed" aria-label="Reviewed of total">
          {stats
            ? `${project?.team ? 'all annotators: ' : ''}${stats.reviewed} / ${stats.total} reviewed`
            : '…'}
        </span>
        {project?.team && <TeamOwnProgress api={api} />}
        <span className="counter" aria-label="Accept rate">
          accept {stats ? pct(stats.acceptRate, 0) : '–'}
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
              {props.empty}
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
              {mode?.panel}
              {!mode?.tags && (
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
              )}
              {model?.demo && (
                <p className="warn small" data-testid="demo-note">
                  Demo model: {DEMO_NOTE}.
                </p>
              )}
              <div className="row wrap">
                {!mode?.tags && (
                  <button
                    type="button"
                    aria-label="Reject and correct (key 0 or X)"
                    onClick={() => act({ type: 'reject' })}
                  >
                    <kbd>0</kbd> Correct…
                  </button>
                )}
                <button type="button" aria-label="Skip (key S)" onClick={() => act({ type: 'skip' })}>
                  <kbd>S</kbd> Skip
                </button>
                {!mode?.tags && (
                  <button type="button" aria-label="Not sure (key N)" onClick={() => act({ type: 'unsure' })}>
                    <kbd>N</kbd> Not sure
                  </button>
                )}
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
          title={mode?.correct ? mode.correctTitle : undefined}
          onCancel={() => setSearchOpen(false)}
          onRejectOnly={
            mode?.correct
              ? undefined
              : () => {
                  setSearchOpen(false)
                  decide('rejected', {})
                }
          }
          onPick={(l) => {
            setSearchOpen(false)
            if (mode?.correct) mode.correct(l)
            else decide('corrected', { labelId: l.id })
          }}
          adding={adding}
          onAdd={(input) => {
            const name = input.name
            // the panel stays open (and owns the keys) until the label exists: the correction
            // must land on this image, not on one a stray key moved to meanwhile
            setAdding(name)
            call(api, 'labels.add', { labels: [input] })
              .then(([l]) => {
                setSearchOpen(false)
                if (mode?.correct) mode.correct(l!)
                else decide('corrected', { labelId: l!.id, labelName: l!.name })
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
          keys={[...(mode?.keys ?? []), ...(mode?.tags ? TAGS_REVIEW_KEYS : REVIEW_KEYS)]}
          onClose={() => setHelpOpen(false)}
          testId="keys-overlay"
        />
      )}
    </main>
  )
}
