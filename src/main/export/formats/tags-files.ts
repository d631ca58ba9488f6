// The formats that place image files, for a tags project (any number of labels per image):
// (hf: tags-hf.ts)
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
export const probList = (labels: readonly string[], r: TagExportRow): (number | null)[] =>
  labels.map((l) => r.probs[l] ?? null)

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
