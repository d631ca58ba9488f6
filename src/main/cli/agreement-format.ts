// The text of `zebra agreement`: the report as a markdown document or as plain aligned tables.
// A figure that is not defined on the decisions reads "–" with its reason in short.
import type { AgreementReport, AgreementStat } from '../../shared/agreement'
import { pct } from '../../shared/prob'

const SHORT = { one_annotator: 'one annotator', too_few: 'too few shared', one_category: 'one category' }

const num = (s: AgreementStat): string =>
  s.value !== null ? s.value.toFixed(3) : `– (${SHORT[s.withheld!.code]})`
const share = (s: AgreementStat): string =>
  s.value !== null ? pct(s.value) : `– (${SHORT[s.withheld!.code]})`

function headline(r: AgreementReport): string {
  const what = r.kind === 'tags' ? 'image-tag pairs' : 'images'
  return `${r.annotators.length} annotator${r.annotators.length === 1 ? '' : 's'}; ${r.units} ${what} decided by two or more.`
}

interface Tables {
  annotators: string[][]
  pairs: string[][]
  labels: string[][]
}

const HEAD = {
  annotators: ['annotator', 'decided'],
  pairs: ['annotator', 'annotator', 'shared', 'agreement', "Cohen's kappa"],
  labels: ['label', 'units', 'decisions', "Krippendorff's alpha", 'agreement']
}

function tables(r: AgreementReport): Tables {
  return {
    annotators: r.annotators.map((a) => [a.name, String(a.decided)]),
    pairs: r.pairs.map((p) => [p.a, p.b, String(p.shared), share(p.percent), num(p.kappa)]),
    labels: r.labels.map((l) => [
      l.label,
      String(l.units),
      String(l.decisions),
      num(l.alpha),
      share(l.percent)
    ])
  }
}

const labelsTitle = (r: AgreementReport): string =>
  r.kind === 'tags' ? 'Per tag (present against absent)' : 'Per label (one against the rest)'

const esc = (s: string): string => s.replace(/\|/g, '\\|')

export function agreementMarkdown(r: AgreementReport): string {
  const lines = ['# Inter-annotator agreement', '', headline(r), '']
  if (r.note) lines.push(r.note, '')
  lines.push(
    `- Krippendorff's alpha (nominal): ${num(r.alpha)}`,
    `- Percent agreement (pairs of decisions on one ${r.kind === 'tags' ? 'image and tag' : 'image'}): ${share(r.percent)}`
  )
  const t = tables(r)
  const md = (title: string, head: string[], rows: string[][]): void => {
    if (rows.length === 0) return
    lines.push('', `## ${title}`, '', `| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`)
    for (const row of rows) lines.push(`| ${row.map(esc).join(' | ')} |`)
  }
  md('Annotators', HEAD.annotators, t.annotators)
  md('Pairs', HEAD.pairs, t.pairs)
  md(labelsTitle(r), HEAD.labels, t.labels)
  return `${lines.join('\n')}\n`
}

function aligned(head: string[], rows: string[][]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (row: string[]): string =>
    row
      .map((c, i) => (i === 0 || (head === HEAD.pairs && i === 1) ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join('  ')
      .trimEnd()
  return [line(head), ...rows.map(line)]
}

export function agreementTable(r: AgreementReport): string {
  const lines = [headline(r)]
  if (r.note) lines.push(r.note)
  lines.push(`Krippendorff's alpha (nominal): ${num(r.alpha)}`, `Percent agreement: ${share(r.percent)}`)
  const t = tables(r)
  lines.push('', ...aligned(HEAD.annotators, t.annotators))
  if (t.pairs.length) lines.push('', ...aligned(HEAD.pairs, t.pairs))
  if (t.labels.length) lines.push('', `${labelsTitle(r)}:`, ...aligned(HEAD.labels, t.labels))
  return lines.join('\n')
}
