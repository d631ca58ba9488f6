// zebra review disagreements|sample: the reviewer's adjudication lists from scripts (db/disagreements.ts,
// the app's review.disagreements and review.sample); `zebra review decide … --adjudicate` records
// the reviewer's adjudicated label.
import { Option, type Command } from 'commander'
import type { AnnotatedImage, Disagreement } from '../../shared/adjudication'
import { annotatorSample, disagreements } from '../db/disagreements'
import { out, withProject } from './io'
import { intArg } from './options'

type Format = 'table' | 'json'
const formatOption = (): Option =>
  new Option('--format <format>', 'table | json').choices(['table', 'json']).default('table')

/** Each annotator's label (one-label) or who said present / absent per tag (tags), on one line. */
function labelsText(d: AnnotatedImage): string {
  if (d.tags.length > 0)
    return d.tags
      .map((t) => `${t.label}: present ${t.present.join(', ') || '-'} / absent ${t.absent.join(', ') || '-'}`)
      .join(' · ')
  return d.labels.map((l) => `${l.annotator}: ${l.label ?? '(none of these)'}`).join(' · ')
}

/** Aligned columns: image id, (disagreements) the spread, the path, then the labels. */
function table(items: (AnnotatedImage & Partial<Pick<Disagreement, 'spread'>>)[], spread: boolean): string {
  const spreadText = (v = 0): string => (Number.isInteger(v) ? String(v) : v.toFixed(2))
  const rows = [
    ['image', ...(spread ? ['spread'] : []), 'path', 'labels'],
    ...items.map((d) => [
      String(d.imageId),
      ...(spread ? [spreadText(d.spread)] : []),
      d.relPath,
      labelsText(d) + (d.adjudicated ? ` (adjudicated: ${d.adjudicated})` : '')
    ])
  ]
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i]!))).join('  '))
    .join('\n')
}

export function registerAdjudicationCommands(review: Command): void {
  review
    .command('disagreements')
    .description(
      "images whose annotators' current labels differ and no adjudicated decision settled, most disagreeing first"
    )
    .argument('<project>')
    .option('--limit <n>', 'how many images', intArg('--limit'), 1000)
    .addOption(formatOption())
    .action((file: string, o: { limit: number; format: Format }) =>
      withProject(file, async (p) => {
        const r = disagreements(p.db, o.limit)
        if (o.format === 'json') return out(r)
        const head = `${r.total} image${r.total === 1 ? '' : 's'} in dispute (annotators: ${r.annotators.join(', ') || 'none'})`
        out(r.items.length ? `${head}\n${table(r.items, true)}` : head)
      })
    )
  review
    .command('sample')
    .description("a seeded random sample of one annotator's labelled images, with every annotator's label")
    .argument('<project>')
    .option('--annotator <name>', 'whose work (default: the first annotator by name)')
    .option('--size <n>', 'how many images', intArg('--size'), 20)
    .option('--seed <n>', 'the sample’s seed (the same seed, the same sample)', intArg('--seed', 0), 1)
    .addOption(formatOption())
    .action((file: string, o: { annotator?: string; size: number; seed: number; format: Format }) =>
      withProject(file, async (p) => {
        const r = annotatorSample(p.db, { annotator: o.annotator, size: o.size, seed: o.seed })
        if (o.format === 'json') return out(r)
        out(`${r.items.length} of the ${r.labelled} images ${r.annotator} labelled\n${table(r.items, false)}`)
      })
    )
}
