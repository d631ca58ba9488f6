// What a tags project's numbers mean now (docs/tags.md): each tag's calibration fitted on its
// decisions, its threshold for a target precision, and the per-tag view of an image. Fits are
// cheap per tag but read every decided image, so they are refitted after the answer that made
// them stale (the next answer reads them), never on the key press's own path; the first fit of a
// project is made at once. A refit runs on the main thread and grows with the decided images
// (~5 s at 50k images x 50 tags on 2 cores), so refits are spaced to take at most a tenth of it:
// the decisions made meanwhile are folded into the next one.
import type { Label, TagInfo, TagsSummary, TagView } from '../../../shared/contract'
import { fitTagCalibration, tagProb, type TagCalibration } from '../../adapt/tag-calibration'
import { DEFAULT_TAG_NEGATIVES } from '../../clip/tag-scores'
import { projectTagColdStart } from '../../db/model-scoring'
import type { Project } from '../../db/project'
import { decidedTagRows, tagScoredCount, tagScoresOf } from '../../db/tag-scores'
import { latestDecisionId, tagStateCounts, tagStatesOf, TAG_STATE_CODES } from '../../db/tag-state'
import { tagThreshold, type TagThreshold } from '../../eval/tag-threshold'
import { log } from '../../log'

/** decided images a fit reads at most (an even spread of a larger log) */
const MAX_FIT_IMAGES = 10_000

/** the precision a tag's pre-check threshold aims for */
export const DEFAULT_TAG_TARGET = 0.9

interface TagFit {
  cal: TagCalibration
  /** calibrated (else cold-start) probabilities and states of the tag's decided images */
  probs: number[]
  present: boolean[]
}

interface Fitted {
  key: string
  /** decided images read for this fit */
  rows: number
  /** the cold start, sigmoid(scale · s + bias): the model's own for SigLIP, the temperature for CLIP */
  scale: number
  bias: number
  /** the live tags, in the project's order (read once per label version) */
  labels: Label[]
  fits: Map<number, TagFit>
  thresholds: Map<string, Map<number, TagThreshold>>
}

/** the most of the main thread refits may take: after a fit of t ms the next starts t / 0.1 later */
const REFIT_SHARE = 0.1
const MAX_REFIT_WAIT_MS = 30_000

export class TagModel {
  private fitted: Fitted | null = null
  private pending: Promise<void> | null = null
  /** a spaced refit's timer, its work (settled() runs it at once) and its end without the work */
  private waiting: { timer: NodeJS.Timeout; run: () => void; drop: () => void } | null = null
  private lastFit = { ms: 0, at: 0 }
  /** decided images the last fit stood for (its rows times its spread), to size the next read */
  private lastFitRows: number | null = null

  private stamp(project: Project): { structural: string; key: string } {
    const structural = `${project.path}\0${project.labelVersion}\0${project.settings().temperature}`
    return { structural, key: `${structural}\0${latestDecisionId(project.db)}` }
  }

  /** The fits to read now: made at once the first time, else the last ones (a refit is queued). */
  private fits(project: Project): Fitted {
    const { structural, key } = this.stamp(project)
    const cur = this.fitted
    if (!cur || !cur.key.startsWith(`${structural}\0`)) {
      this.cancelWait()
      this.fitted = this.timedFit(project, key)
      return this.fitted
    }
    if (cur.key !== key && !this.pending) {
      const wait = Math.min(
        MAX_REFIT_WAIT_MS,
        this.lastFit.ms / REFIT_SHARE - (performance.now() - this.lastFit.at)
      )
      this.pending = new Promise<void>((resolve) => {
        const drop = (): void => {
          this.waiting = null
          this.pending = null
          resolve()
        }
        const run = (): void => {
          try {
            if (project.db.open) this.fitted = this.timedFit(project, this.stamp(project).key)
          } catch (err) {
            log('warn', 'tag calibration refit failed; the previous fits stand', err)
          } finally {
            drop()
          }
        }
        if (wait < 1) setImmediate(run)
        else this.waiting = { timer: setTimeout(run, wait), run, drop }
      })
    }
    return cur
  }

  private timedFit(project: Project, key: string): Fitted {
    const t = performance.now()
    // a large log is read as an even spread of about MAX_FIT_IMAGES decided images (by image id),
    // sized from the last fit: two parameters per tag and a threshold need no more, and a refit at
    // a million images with 50k decided read and fitted every one of them (5-6 s on two cores)
    const every = Math.max(1, Math.ceil((this.lastFitRows ?? 0) / MAX_FIT_IMAGES))
    const f = fit(project, key, every)
    this.lastFitRows = f.rows * every
    this.lastFit = { ms: performance.now() - t, at: performance.now() }
    return f
  }

  /** A structural change fits at once: a spaced refit of the old stamp is dropped. */
  private cancelWait(): void {
    if (!this.waiting) return
    clearTimeout(this.waiting.timer)
    this.waiting.drop()
  }

  /**
   * Waits for a queued refit (tests, and callers that just decided and want the new fits); a
   * spaced one runs now.
   */
  async settled(): Promise<void> {
    if (this.waiting) {
      clearTimeout(this.waiting.timer)
      this.waiting.run()
    }
    while (this.pending) await this.pending
  }

  calibration(project: Project, labelId: number): TagCalibration {
    return this.fits(project).fits.get(labelId)?.cal ?? coldStart()
  }

  /** The tag's probability of a score: calibrated once it has enough decisions, else cold start. */
  prob(project: Project, labelId: number, s: number): number {
    const f = this.fits(project)
    return tagProb(f.fits.get(labelId)?.cal ?? coldStart(), s, f.scale, f.bias)
  }

  /** Probabilities of many scores of one tag (a tag pass page): the fits are looked up once. */
  probs(project: Project, labelId: number, scores: readonly number[]): number[] {
    const f = this.fits(project)
    const cal = f.fits.get(labelId)?.cal ?? coldStart()
    return scores.map((s) => tagProb(cal, s, f.scale, f.bias))
  }

  /** The score whose probability is p (for "select p >= x" on the score index). */
  scoreAt(project: Project, labelId: number, p: number): number {
    const f = this.fits(project)
    const cal = f.fits.get(labelId)?.cal ?? coldStart()
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p))
    const logit = Math.log(q / (1 - q))
    return cal.kind === 'calibrated' ? (logit - cal.b) / cal.a : (logit - f.bias) / f.scale
  }

  threshold(project: Project, labelId: number, target = DEFAULT_TAG_TARGET): TagThreshold {
    return thresholdOf(this.fits(project), labelId, target)
  }

  /** The probability at or above which an undecided image shows the tag checked. */
  checkAt(project: Project, labelId: number): number {
    return checkAtOf(this.fits(project), labelId)
  }

  /** Every live tag of one image, in the project's order, with its probability and state. */
  view(project: Project, imageId: number): TagView[] {
    const f = this.fits(project)
    const scores = tagScoresOf(project.db, imageId)
    const states = tagStatesOf(project.db, imageId)
    return f.labels.map((l) => {
      const s = scores.get(l.id)
      const cal = f.fits.get(l.id)?.cal ?? coldStart()
      const prob = s === undefined ? 0 : tagProb(cal, s, f.scale, f.bias)
      const state = states.get(l.id) ?? null
      return {
        labelId: l.id,
        label: l.name,
        color: l.color,
        key: l.hotkey,
        prob,
        source: cal.kind === 'calibrated' ? ('calibrated' as const) : ('coldstart' as const),
        state,
        checked: state === null ? s !== undefined && prob >= checkAtOf(f, l.id) : state === 'present'
      }
    })
  }

  summary(project: Project, target = DEFAULT_TAG_TARGET): TagsSummary {
    const counts = tagStateCounts(project.db)
    const scored = tagScoredCount(project.db)
    const tags: TagInfo[] = project.activeLabels().map((l) => {
      const c = counts.get(l.id) ?? { present: 0, absent: 0, unsure: 0 }
      const cal = this.calibration(project, l.id)
      return {
        labelId: l.id,
        label: l.name,
        color: l.color,
        key: l.hotkey,
        negatives: l.negatives ?? [],
        ...c,
        scored,
        calibration:
          cal.kind === 'calibrated'
            ? { kind: 'calibrated', a: cal.a, b: cal.b, present: cal.present, absent: cal.absent }
            : { kind: 'coldstart', present: cal.present, absent: cal.absent, needs: cal.needs },
        threshold: this.threshold(project, l.id, target),
        checkAt: this.checkAt(project, l.id)
      }
    })
    return { target, tags, defaultNegatives: [...DEFAULT_TAG_NEGATIVES] }
  }
}

function thresholdOf(f: Fitted, labelId: number, target: number): TagThreshold {
  const tk = String(target)
  let byTag = f.thresholds.get(tk)
  if (!byTag) {
    byTag = new Map()
    f.thresholds.set(tk, byTag)
  }
  let t = byTag.get(labelId)
  if (!t) {
    const tf = f.fits.get(labelId)
    t = tagThreshold(tf?.probs ?? [], tf?.present ?? [], target)
    byTag.set(labelId, t)
  }
  return t
}

function checkAtOf(f: Fitted, labelId: number): number {
  const t = thresholdOf(f, labelId, DEFAULT_TAG_TARGET)
  return t.kind === 'ok' ? t.threshold : 0.5
}

/**
 * The probabilities a tag's threshold is chosen on in the compare report: the tag's calibration
 * fitted on the same decisions, as the app's pre-check thresholds are.
 */
export function calibratedReading(scale: number, bias = 0): (s: number[], present: boolean[]) => number[] {
  return (s, present) => {
    const cal = fitTagCalibration(s, present, { scale, bias })
    return s.map((v) => tagProb(cal, v, scale, bias))
  }
}

function coldStart(): TagCalibration {
  return { kind: 'coldstart', present: 0, absent: 0, needs: { present: 5, absent: 5 } }
}

/** Fits every live tag on its present/absent decisions (unsure ones say nothing either way). */
function fit(project: Project, key: string, every = 1): Fitted {
  const { scale, bias } = projectTagColdStart(project)
  const rows = decidedTagRows(project.db, every)
  const fits = new Map<number, TagFit>()
  const labels = project.activeLabels()
  // one pass over the decided (image, tag) pairs, each into its tag's lists (in image order)
  const byTag = new Map(labels.map((l) => [l.id, { s: [] as number[], present: [] as boolean[] }]))
  for (const r of rows)
    for (const [labelId, st] of r.states) {
      const v = r.scores.get(labelId)
      const t = byTag.get(labelId)
      if (!t || v === undefined || (st !== TAG_STATE_CODES.present && st !== TAG_STATE_CODES.absent)) continue
      t.s.push(v)
      t.present.push(st === TAG_STATE_CODES.present)
    }
  for (const l of labels) {
    const { s, present } = byTag.get(l.id)!
    const cal = fitTagCalibration(s, present, { scale, bias })
    fits.set(l.id, { cal, probs: s.map((v) => tagProb(cal, v, scale, bias)), present })
  }
  const f: Fitted = { key, scale, bias, labels, fits, thresholds: new Map(), rows: rows.length }
  // every view asks each tag's check threshold: made here, off the key press's path
  for (const l of labels) thresholdOf(f, l.id, DEFAULT_TAG_TARGET)
  return f
}
