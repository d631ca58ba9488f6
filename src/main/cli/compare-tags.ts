// `zebra compare` (and `--models`, `--learning-curve`) on a tags project, as markdown: each
// template set's (or model's) mAP, the per-tag table (AP; precision, recall, F1 at p ≥ 0.5 and at
// the tag's threshold) and the few-shot heads' learning curve in mAP. JSON output is the report
// itself (CompareReport's or ModelsReport's `tags` section, src/shared/tag-report.ts).
import type { ModelsReport } from '../../shared/models-report'
import type { CompareReport } from '../../shared/report'
import type {
  TagCompareRow,
  TagCompareSection,
  TagCurvePoint,
  TagLearningCurve,
  TagSetScore
} from '../../shared/tag-report'
import { pct } from '../../shared/prob'

const esc = (s: string): string => s.replace(/\|/g, '\\|')
const pctOrDash = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : pct(v))

function thresholdCell(row: TagCompareRow): string {
  const t = row.threshold
  if (t.kind === 'ok') return `≥ ${t.threshold.toFixed(2)}`
  if (t.kind === 'unreachable') return `none (best ${pct(t.bestPrecision)})`
  return `withheld (${t.needs} more)`
}

function perTagTable(set: TagSetScore): string[] {
  const lines = [
    '| tag | present | absent | AP | precision ≥ 0.5 | recall ≥ 0.5 | F1 ≥ 0.5 | threshold | precision | recall | F1 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const r of set.perTag) {
    const at = r.atThreshold
    lines.push(
      `| ${esc(r.label)} | ${r.present} | ${r.absent} | ${pctOrDash(r.ap)} | ${pct(r.atHalf.precision)} | ` +
        `${pct(r.atHalf.recall)} | ${pct(r.atHalf.f1)} | ${thresholdCell(r)} | ${pctOrDash(at?.precision)} | ` +
        `${pctOrDash(at?.recall)} | ${pctOrDash(at?.f1)} |`
    )
  }
  return lines
}

function curveTable(points: TagCurvePoint[]): string[] {
  const lines = [
    '| decided images | zero-shot mAP | calibrated mAP | few-shot heads mAP |',
    '| --- | --- | --- | --- |'
  ]
  for (const p of points)
    lines.push(`| ${p.n} | ${pct(p.zeroShotMAP)} | ${pct(p.calibratedMAP)} | ${pct(p.adaptedMAP)} |`)
  return lines
}

const NO_CURVE = 'Too few decided images for a learning curve (it holds out a third of them).'

function withheldNote(sets: TagSetScore[]): string | null {
  const w = sets.flatMap((x) => x.perTag).find((r) => r.threshold.kind === 'withheld')
  return w && w.threshold.kind === 'withheld' ? `Thresholds withheld: ${w.threshold.reason}` : null
}

export function tagsReportMarkdown(r: CompareReport & { tags: TagCompareSection }): string {
  const t = r.tags
  const lines = [
    '# Template comparison (tags)',
    '',
    `${t.images} decided images, ${t.tags.length} tags. Cold start p = sigmoid(${t.scale} · s); ` +
      `each tag's threshold aims at ${pct(t.target, 0)} precision.`,
    '',
    '## Template sets by mAP',
    '',
    '| set | templates | mAP | micro F1 ≥ 0.5 |',
    '| --- | --- | --- | --- |'
  ]
  for (const s of [...t.sets].sort((a, b) => (b.mAP ?? -1) - (a.mAP ?? -1)))
    lines.push(`| ${esc(s.name)} | ${s.templates.length} | ${pctOrDash(s.mAP)} | ${pct(s.microF1)} |`)
  if (t.best) lines.push('', `Best set: "${esc(t.best)}".`)
  for (const s of t.sets) lines.push('', `## Per tag: "${esc(s.name)}"`, '', ...perTagTable(s))
  const note = withheldNote(t.sets)
  if (note) lines.push('', note)
  lines.push('', '## Learning curve (held-out decided images, mAP)', '')
  if (t.curve)
    lines.push(`Few-shot heads start from "${esc(t.curve.basis)}".`, '', ...curveTable(t.curve.points))
  else lines.push(NO_CURVE)
  return `${lines.join('\n')}\n`
}

export function tagCurveMarkdown(curve: TagLearningCurve | null): string {
  const lines = ['# Learning curve (held-out decided images, mAP)', '']
  if (curve) lines.push(`Few-shot heads start from "${esc(curve.basis)}".`, '', ...curveTable(curve.points))
  else lines.push(NO_CURVE)
  return `${lines.join('\n')}\n`
}

export function tagModelsMarkdown(r: ModelsReport): string {
  const lines = [
    '# Which model for this dataset (tags)',
    '',
    `${r.images} decided images, ${r.labels.length} tags, template set "${esc(r.templateSet)}".`,
    ''
  ]
  if (r.note) lines.push(r.note, '')
  lines.push(
    '| model | variant | embedded | mAP | micro F1 ≥ 0.5 | few-shot heads mAP | images/s here |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  )
  for (const m of r.models) {
    const last = m.tags?.curve?.[m.tags.curve.length - 1]
    const heads = last ? `${pct(last.adaptedMAP)} (${last.n} decided)` : '–'
    const speed = m.speed
      ? `${m.speed.imagesPerS.toFixed(1)} (${m.speed.source}, ${m.speed.provider ?? '?'})`
      : '–'
    lines.push(
      `| ${esc(m.name)}${m.current ? ' (current)' : ''} | ${m.variant} | ${m.embedded} | ${pctOrDash(m.tags?.mAP)} | ` +
        `${pctOrDash(m.tags?.microF1)} | ${heads} | ${speed} |`
    )
  }
  const scored = r.models.filter((m) => m.tags)
  if (scored.length) {
    lines.push('', '## AP per tag', '', `| tag | ${scored.map((m) => esc(m.name)).join(' | ')} |`)
    lines.push(`| --- | ${scored.map(() => '---').join(' | ')} |`)
    r.labels.forEach((tag, t) =>
      lines.push(`| ${esc(tag)} | ${scored.map((m) => pctOrDash(m.tags!.perTag[t]?.ap)).join(' | ')} |`)
    )
  }
  const notes = r.models.filter((m) => m.problem || m.speedNote)
  if (notes.length) lines.push('')
  for (const m of notes) {
    if (m.problem) lines.push(`- ${esc(m.name)} (${m.variant}): ${m.problem}`)
    if (m.speedNote) lines.push(`- ${esc(m.name)} (${m.variant}) speed: ${m.speedNote}`)
  }
  return `${lines.join('\n')}\n`
}
