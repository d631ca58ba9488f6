// Where the review screen's images come from: the filtered queue of all images, or a list —
// possible mistakes (reviewed labels the model doubts), a text search, near-duplicate groups, or a
// list another screen opened (a compare cell); on a project several annotators decided, the
// disagreements between them and a sample of one annotator's decisions, where a decision is the
// reviewer's adjudicated label. The picker sits at the left of the review bar with the controls of
// the chosen source (the search box, the duplicates' level, whose sample).
import { useEffect, useRef, useState } from 'react'
import type { DuplicateLevel } from '../../../shared/contract'
import type { ReviewList } from '../context'
import { i18n, useTranslation } from '../i18n'

export type ReviewSource =
  | { kind: 'queue' }
  | { kind: 'mistakes' }
  | { kind: 'search'; text: string }
  /** threshold: 'similar' only; null: the one chosen for the project's model */
  | { kind: 'duplicates'; level: DuplicateLevel; threshold: number | null }
  | { kind: 'list'; list: ReviewList }
  /** images whose annotators' labels differ: each annotator's label shown, a decision adjudicates */
  | { kind: 'disagreements' }
  /** a seeded sample of one annotator's labelled images (null: the first annotator by name) */
  | { kind: 'sample'; annotator: string | null }

// Identical files first: certain, and what one key can label without a second look. Then the
// model's own threshold, then fixed ones up to 0.999 (above 0.99 a small model's merely similar
// images drop out; at 0.999 mostly copies and re-encodes remain).
const DUPLICATE_THRESHOLDS = [0.9, 0.95, 0.98, 0.99, 0.995, 0.999] as const

/** the level select's value of a duplicates source */
const levelValue = (s: { level: DuplicateLevel; threshold: number | null }): string =>
  s.level === 'identical' ? 'identical' : s.threshold === null ? 'auto' : String(s.threshold)

function fromLevelValue(v: string): ReviewSource {
  if (v === 'identical') return { kind: 'duplicates', level: 'identical', threshold: null }
  return { kind: 'duplicates', level: 'similar', threshold: v === 'auto' ? null : Number(v) }
}

const CHOICES = (): { kind: ReviewSource['kind']; label: string }[] => [
  { kind: 'queue', label: i18n.t('review:reviewSources.allImagesFilters') },
  { kind: 'mistakes', label: i18n.t('review:reviewSources.possibleMistakes') },
  { kind: 'search', label: i18n.t('review:reviewSources.searchByText') },
  { kind: 'duplicates', label: i18n.t('review:reviewSources.duplicates2') },
  {
    kind: 'disagreements',
    label: i18n.t('review:reviewSources.disagreements2')
  },
  { kind: 'sample', label: i18n.t('review:reviewSources.sampleOfAnAnnotatorS') }
]

const REVIEWER_ONLY = new Set<ReviewSource['kind']>(['disagreements', 'sample'])

/** Whether a team project's member may use the reviewer's lists (a plain project: anyone). */
export function offersReviewerLists(team: { role: string | null } | null | undefined): boolean {
  return !team || team.role === 'reviewer'
}

function fresh(kind: ReviewSource['kind']): ReviewSource {
  switch (kind) {
    case 'search':
      return { kind, text: '' }
    case 'duplicates':
      return { kind, level: 'identical', threshold: null }
    case 'mistakes':
    case 'disagreements':
      return { kind }
    case 'sample':
      return { kind, annotator: null }
    default:
      return { kind: 'queue' }
  }
}

export function SourcePicker(props: {
  source: ReviewSource
  onChange(source: ReviewSource): void
  /** the annotators a sample can be of (known once a sample is loaded) */
  annotators?: string[]
  /**
   * whether the reviewer's lists (disagreements, samples) are offered: everyone's in a plain
   * project, a reviewer's only in a team project (the store lets no one else adjudicate)
   */
  reviewer?: boolean
}): React.JSX.Element {
  const { t } = useTranslation(['review', 'common'])
  const { source, onChange, annotators, reviewer = true } = props
  const choices = reviewer ? CHOICES() : CHOICES().filter((c) => !REVIEWER_ONLY.has(c.kind))
  const [text, setText] = useState(source.kind === 'search' ? source.text : '')
  const box = useRef<HTMLInputElement>(null)
  // choosing "Search by text" puts the cursor in the box
  useEffect(() => {
    if (source.kind === 'search' && source.text === '') box.current?.focus()
  }, [source])

  return (
    <>
      <label>
        {t('reviewSources.review')}{' '}
        <select
          aria-label={t('reviewSources.queueSource')}
          value={source.kind}
          onChange={(e) => onChange(fresh(e.target.value as ReviewSource['kind']))}
        >
          {choices.map((c) => (
            <option key={c.kind} value={c.kind}>
              {c.label}
            </option>
          ))}
          {source.kind === 'list' && <option value="list">{source.list.title}</option>}
        </select>
      </label>
      {source.kind === 'search' && (
        <form
          role="search"
          className="review-search"
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim()) onChange({ kind: 'search', text: text.trim() })
          }}
        >
          <input
            ref={box}
            type="search"
            aria-label={t('reviewSources.searchText')}
            placeholder={t('reviewSources.aRedCarAtNight')}
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={!text.trim()}>
            {t('reviewSources.search')}
          </button>
        </form>
      )}
      {source.kind === 'sample' && annotators && annotators.length > 0 && (
        <select
          aria-label={t('reviewSources.annotator')}
          value={source.annotator ?? annotators[0]}
          onChange={(e) => onChange({ kind: 'sample', annotator: e.target.value })}
        >
          {annotators.map((a) => (
            <option key={a} value={a}>
              {t('reviewSources.sampleOfSDecisions', { a })}
            </option>
          ))}
        </select>
      )}
      {source.kind === 'duplicates' && (
        <select
          aria-label={t('reviewSources.duplicatesLevel')}
          value={levelValue(source)}
          onChange={(e) => onChange(fromLevelValue(e.target.value))}
        >
          <option value="identical">{t('reviewSources.identicalFiles')}</option>
          <option value="auto">{t('reviewSources.similarTheModelSOwn')}</option>
          {DUPLICATE_THRESHOLDS.map((th) => (
            <option key={th} value={String(th)}>
              {t('reviewSources.similar', { value: th })}
            </option>
          ))}
        </select>
      )}
    </>
  )
}
