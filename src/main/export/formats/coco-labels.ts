// COCO for image-level labels, as Datumaro's coco_labels task writes it: images/<subset>/<file> and
// annotations/labels_<subset>.json with images (id, width, height, file_name), categories (id from
// 1, name) and one annotation per image (id, image_id, category_id; no bbox or segmentation). The
// subset is the split, or "default" without one. Decisions are ground truth: no score.
import { mkdir, writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { placeRows, writeSources } from './place'
import type { FormatInput, FormatOutput } from './types'

interface CocoDoc {
  licenses: { name: string; id: number; url: string }[]
  info: Record<string, string>
  categories: { id: number; name: string; supercategory: string }[]
  images: {
    id: number
    width: number
    height: number
    file_name: string
    license: number
    flickr_url: string
    coco_url: string
    date_captured: number
  }[]
  annotations: { id: number; image_id: number; category_id: number }[]
}

export async function writeCocoLabels(input: FormatInput): Promise<FormatOutput> {
  const subsetOf = (split: string | null): string => split ?? 'default'
  const { placed, notCopied } = await placeRows(input, (_r, split) => `images/${subsetOf(split)}`)
  const categories = input.labels.map((name, i) => ({ id: i + 1, name, supercategory: '' }))
  const categoryOf = new Map(input.labels.map((l, i) => [l, i + 1]))
  const docs = new Map<string, CocoDoc>()
  for (const s of input.splitNames.length ? input.splitNames : ['default']) {
    docs.set(s, {
      licenses: [{ name: '', id: 0, url: '' }],
      info: { contributor: '', date_created: '', description: '', url: '', version: '', year: '' },
      categories,
      images: [],
      annotations: []
    })
  }
  let nextId = 1
  for (const p of placed) {
    const doc = docs.get(subsetOf(p.split))!
    const id = nextId++
    doc.images.push({
      id,
      width: p.row.width ?? 0,
      height: p.row.height ?? 0,
      file_name: posix.basename(p.file),
      license: 0,
      flickr_url: '',
      coco_url: '',
      date_captured: 0
    })
    doc.annotations.push({ id, image_id: id, category_id: categoryOf.get(p.row.label!)! })
  }
  const dir = join(input.outDir, 'annotations')
  await mkdir(dir, { recursive: true })
  const files: string[] = []
  for (const [subset, doc] of docs) {
    const f = join(dir, `labels_${subset}.json`)
    await writeFile(f, JSON.stringify(doc))
    files.push(f)
  }
  files.push(await writeSources(input, placed))
  return { files, notCopied }
}
