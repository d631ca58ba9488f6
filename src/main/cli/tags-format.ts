// The tables of `zebra tags status` and `zebra tags pass`: what each tag's probability is (cold
// start or calibrated, or how many decisions it still needs), its threshold for the target
// precision or why it is withheld, and one tag's images by probability.
import type {
  TagCalibrationView,
  TagInfo,
  TagPassItem,
  TagThresholdView,
  TagsSummary
} from '../../shared/contract'

const pct = (x: number): string => `${Math.round(x * 100)}%`
const p3 = (x: number): string => x.toFixed(3)

/** Which score the tag is on: calibrated with a and b, or cold start and what a fit still needs. */
function calibrationText(c: TagCalibrationView): string {
  if (c.kind === 'calibrated') return `calibrated (a ${c.a.toFixed(2)}, b ${c.b.toFixed(2)})`
  const { present, absent } = c.needs
  if (present === 0 && absent === 0) return 'cold start (the decisions run against its prompts: no fit)'
  const more = [present ? `${present} present` : '', absent ? `${absent} absent` : ''].filter(Boolean)
  return `cold start (calibrated after ${more.join(' and ')} more)`
}

/** The tag's threshold for the target precision, with its coverage, or why there is none. */
function thresholdText(t: TagThresholdView): string {
  switch (t.kind) {
    case 'ok':
      return `p >= ${p3(t.threshold)}: precision ${pct(t.precision)}, coverage ${pct(t.coverage)}, recall ${pct(t.recall)}`
    case 'withheld':
      return `withheld: ${t.reason}`
    case 'unreachable':
      return `unreachable: the best precision on the decisions is ${pct(t.bestPrecision)}`
  }
}

function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : right[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd()
  return [line(head), ...rows.map(line)]
}

export function statusTable(path: string, s: TagsSummary): string {
  const rows = s.tags.map((t: TagInfo) => [
    t.label,
    String(t.present),
    String(t.absent),
    String(t.unsure),
    String(t.scored),
    calibrationText(t.calibration),
    thresholdText(t.threshold)
  ])
  return [
    `${path}: ${s.tags.length} tag(s); thresholds aim at precision ${pct(s.target)}`,
    ...table(['tag', 'present', 'absent', 'unsure', 'scored', 'score', 'threshold'], rows, [
      false,
      true,
      true,
      true,
      true,
      false,
      false
    ])
  ].join('\n')
}

interface PassListing {
  label: string
  filter: string
  above: number | null
  scored: number
  present: number
  absent: number
  unsure: number
  calibration: TagCalibrationView
  checkAt: number
  items: TagPassItem[]
  /** the filter keeps more images than were listed */
  more: boolean
}

export function passTable(l: PassListing): string {
  const which = `${l.filter}${l.above === null ? '' : ` at p >= ${l.above}`}`
  const head = `${l.label}: ${l.scored} scored, ${l.present} present, ${l.absent} absent, ${l.unsure} unsure; ${calibrationText(l.calibration)}; pre-checked at p >= ${p3(l.checkAt)}`
  if (l.items.length === 0) return `${head}\nno images (${which})`
  const rows = l.items.map((i) => [String(i.imageId), p3(i.prob), i.state ?? '-', i.relPath])
  return [
    head,
    ...table(['image', 'prob', 'state', 'file'], rows, [true, true, false, false]),
    `${l.items.length} image(s) (${which})${l.more ? '; more with a higher --limit' : ''}`
  ].join('\n')
}
