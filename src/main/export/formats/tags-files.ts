// The formats that place image files, for a tags project (any number of labels per image):
//   hf            split/file + split/metadata.jsonl with labels (the present tags), absent_labels,
//                 unsure_labels and probs (one per class, null without a score); README.md is the
//                 dataset card declaring them Sequence(ClassLabel(names=classes))
//   coco-labels   one annotation per present tag; the image record's "zebra" holds the category
//                 ids of its unsure and undecided tags and the probabilities
//   fiftyone-json labels.json {"classes", "labels": {uuid: [{"label": index, "confidence": p}]}}:
//                 FiftyOne reads a list of targets as Classifications; "zebra_tags" beside it
//                 holds each image's unsure and undecided class indices
// In coco-labels and fiftyone-json a class that is not listed is absent, except those "zebra"
// names unsure or undecided: the rule the importers read them back by.
import { mkdir, writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import type { TagExportRow } from '../tag-rows'
import { placeRows } from './place'
import { writeTagSources } from './tags-tables'
import type { FormatOutput, TagFormatInput } from './types'

const indexOf = (labels: readonly string[]): ((t: string) => number) => {
  const m = new Map(labels.map((l, i) => [l, i]))
  return (t) => m.get(t)!
}

/** per class (in order) the image's probability, null without a score */
const probList = (labels: readonly string[], r: TagExportRow): (number | null)[] =>
  labels.map((l) => r.probs[l] ?? null)

/** YAML of a double-quoted string (JSON's escapes are YAML's) */
const yamlString = (s: string): string => JSON.stringify(s)

function hfCard(labels: readonly string[], splits: readonly string[]): string {
  const names = labels.map((l, i) => `          '${i}': ${yamlString(l)}`)
  const seq = (name: string): string[] => [
    `  - name: ${name}`,
    '    sequence:',
    '      class_label:',
    '        names:',
    ...names
  ]
  return [
    '---',
    'dataset_info:',
    '  features:',
    '  - name: image',
    '    dtype: image',
    ...seq('labels'),
    ...seq('absent_labels'),
    ...seq('unsure_labels'),
    '  - name: probs',
    '    sequence: float32',
    '  - name: source_path',
    '    dtype: string',
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...splits.flatMap((s) => [`  - split: ${s}`, `    path: ${yamlString(`${s}/**`)}`]),
    '---',
    '',
    'Exported by Zebra from a tags project: `labels` are the tags present on an image,',
    '`absent_labels` the tags decided absent, `unsure_labels` those marked unsure (any tag in',
    'none of them was not decided); `probs` holds each class’s probability in class order.',
    ''
  ].join('\n')
}

export async function writeTagHf(input: TagFormatInput): Promise<FormatOutput> {
  const { placed, notCopied } = await placeRows(input, (_r, split) => split ?? 'train')
  const bySplit = new Map<string, string[]>()
  for (const s of input.splitNames.length ? input.splitNames : ['train']) bySplit.set(s, [])
  for (const p of placed) {
    const dir = posix.dirname(p.file)
    const r = p.row
    let lines = bySplit.get(dir)
    if (!lines) bySplit.set(dir, (lines = []))
    lines.push(
      JSON.stringify({
        file_name: posix.basename(p.file),
        labels: r.present,
        absent_labels: r.absent,
        unsure_labels: r.unsure,
        probs: probList(input.labels, r),
        source_path: r.relPath
      }) + '\n'
    )
  }
  const files: string[] = []
  for (const [dir, lines] of bySplit) {
    if (lines.length === 0) continue
    const f = join(input.outDir, fromPosixRel(dir), 'metadata.jsonl')
    await writeFile(f, lines.join(''))
    files.push(f)
  }
  const splits = [...bySplit].filter(([, l]) => l.length > 0).map(([s]) => s)
  const card = join(input.outDir, 'README.md')
  await writeFile(card, hfCard(input.labels, splits))
  files.push(card, await writeTagSources(input, placed))
  return { files, notCopied }
}

export async function writeTagCoco(input: TagFormatInput): Promise<FormatOutput> {
  const subsetOf = (split: string | null): string => split ?? 'default'
  const { placed, notCopied } = await placeRows(input, (_r, split) => `images/${subsetOf(split)}`)
  const categories = input.labels.map((name, i) => ({ id: i + 1, name, supercategory: '' }))
  const idx = indexOf(input.labels)
  const cat = (t: string): number => idx(t) + 1
  type Doc = { images: unknown[]; annotations: unknown[] }
  const docs = new Map<string, Doc>()
  for (const s of input.splitNames.length ? input.splitNames : ['default'])
    docs.set(s, { images: [], annotations: [] })
  let nextImage = 1
  let nextAnn = 1
  for (const p of placed) {
    const doc = docs.get(subsetOf(p.split))!
    const id = nextImage++
    const r = p.row
    doc.images.push({
      id,
      width: r.width ?? 0,
      height: r.height ?? 0,
      file_name: posix.basename(p.file),
      license: 0,
      flickr_url: '',
      coco_url: '',
      date_captured: 0,
      zebra: {
        unsure: r.unsure.map(cat),
        undecided: r.undecided.filter((t) => idx(t) !== undefined).map(cat),
        probs: probList(input.labels, r)
      }
    })
    for (const t of r.present) doc.annotations.push({ id: nextAnn++, image_id: id, category_id: cat(t) })
  }
  const dir = join(input.outDir, 'annotations')
  await mkdir(dir, { recursive: true })
  const files: string[] = []
  for (const [subset, doc] of docs) {
    const f = join(dir, `labels_${subset}.json`)
    await writeFile(
      f,
      JSON.stringify({
        licenses: [{ name: '', id: 0, url: '' }],
        info: { contributor: '', date_created: '', description: '', url: '', version: '', year: '' },
        categories,
        images: doc.images,
        annotations: doc.annotations
      })
    )
    files.push(f)
  }
  files.push(await writeTagSources(input, placed))
  return { files, notCopied }
}

export async function writeTagFiftyOne(input: TagFormatInput): Promise<FormatOutput> {
  const { placed, notCopied } = await placeRows(input, (_r, split) => (split ? `${split}/data` : 'data'), {
    uniqueStem: true
  })
  const idx = indexOf(input.labels)
  type Target = { label: number; confidence: number | null }
  type Side = { unsure: number[]; undecided: number[] }
  const datasets = new Map<string, { labels: Record<string, Target[]>; side: Record<string, Side> }>()
  for (const s of input.splitNames.length ? input.splitNames : ['']) datasets.set(s, { labels: {}, side: {} })
  for (const p of placed) {
    const base = posix.basename(p.file)
    const stem = base.slice(0, base.length - posix.extname(base).length)
    const d = datasets.get(p.split ?? '')!
    const r = p.row
    d.labels[stem] = r.present.map((t) => ({ label: idx(t), confidence: r.probs[t] ?? null }))
    const undecided = r.undecided.filter((t) => idx(t) !== undefined)
    if (r.unsure.length || undecided.length)
      d.side[stem] = { unsure: r.unsure.map(idx), undecided: undecided.map(idx) }
  }
  const files: string[] = []
  for (const [split, d] of datasets) {
    const f = join(input.outDir, fromPosixRel(split), 'labels.json')
    await mkdir(join(input.outDir, fromPosixRel(split)), { recursive: true })
    await writeFile(
      f,
      JSON.stringify({ classes: input.labels, labels: d.labels, zebra_tags: d.side }, null, 2)
    )
    files.push(f)
  }
  files.push(await writeTagSources(input, placed))
  return { files, notCopied }
}
