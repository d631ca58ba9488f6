// Labels from COCO image-level labels (Datumaro coco_labels): annotations/labels_<subset>.json with
// images, categories and annotations (any annotation names its image's category), the images in
// images/<subset>/. The path is the dataset folder or one annotation file. An image's categories
// are its labels: one is a label; into a tags project each is a present tag and every other
// category absent, except those the image record's "zebra" (a tags export) keeps unsure or
// undecided. The image is the one sources.csv names, else the file, else one of its name and size.
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import type { ImportPlan } from './plan'
import { ImageResolver } from './resolve'
import { completeJudgement } from './tags-plan'
import { findImage, readSources, sourceOf } from './tree'

interface CocoDoc {
  images?: { id?: unknown; file_name?: unknown; zebra?: { unsure?: unknown; undecided?: unknown } }[]
  categories?: { id?: unknown; name?: unknown }[]
  annotations?: { image_id?: unknown; category_id?: unknown }[]
}

async function annotationFiles(path: string): Promise<{ root: string; files: string[] }> {
  const st = await stat(path).catch(() => null)
  if (!st) throw new AppError('not_found', `${path} does not exist.`)
  if (st.isFile()) return { root: dirname(dirname(path)), files: [path] }
  const dir = join(path, 'annotations')
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => /^labels_.+\.json$/.test(f))
    .sort()
    .map((f) => join(dir, f))
  if (!files.length)
    throw new AppError(
      'invalid_input',
      `No annotations/labels_<subset>.json in ${path}: choose a COCO labels dataset folder.`
    )
  return { root: path, files }
}

export async function planCoco(project: Project, path: string): Promise<ImportPlan> {
  const { root, files } = await annotationFiles(path)
  const sources = await readSources(root)
  const tags = project.kind === 'tags'
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0, tagEntries: [] }
  const resolver = new ImageResolver(project)
  for (const file of files) {
    let doc: CocoDoc
    try {
      doc = JSON.parse(await readFile(file, 'utf8')) as CocoDoc
    } catch (err) {
      throw new AppError('invalid_input', `${file} is not JSON: ${(err as Error).message}`)
    }
    if (!Array.isArray(doc.images) || !Array.isArray(doc.categories))
      throw new AppError(
        'invalid_input',
        `${file} has no "images" and "categories": is it a COCO annotation file?`
      )
    const subset = /^labels_(.+)\.json$/.exec(basename(file))?.[1] ?? 'default'
    const cats = new Map(doc.categories.map((c) => [c.id, String(c.name)]))
    const offered = [...cats.values()]
    const names = (v: unknown): string[] =>
      Array.isArray(v) ? v.map((id) => cats.get(id)).filter((x): x is string => x !== undefined) : []
    const byImage = new Map<unknown, string[]>()
    for (const a of doc.annotations ?? []) {
      const c = cats.get(a.category_id)
      if (c === undefined) continue
      const list = byImage.get(a.image_id) ?? []
      if (!list.includes(c)) list.push(c)
      byImage.set(a.image_id, list)
    }
    for (const im of doc.images) {
      plan.total++
      const name = typeof im.file_name === 'string' ? im.file_name : ''
      const ref = `${subset}/${name || `image ${String(im.id)}`}`
      const present = byImage.get(im.id) ?? []
      if (!tags && present.length === 0) {
        plan.unlabeled++
        continue
      }
      if (!tags && present.length > 1) {
        plan.unmatched.push({
          ref,
          reason: `${present.length} categories (${present.join(', ')}): this project has one label per image`
        })
        continue
      }
      if (!name) {
        plan.unmatched.push({ ref, reason: 'no file_name' })
        continue
      }
      const rel = `images/${subset}/${name}`
      const found = await findImage(
        resolver,
        project,
        join(root, 'images', subset, name),
        sourceOf(sources, root, rel)
      )
      if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
      else if (!tags) plan.entries.push({ ref, imageId: found.imageId, label: present[0]! })
      else
        plan.tagEntries!.push({
          ref,
          imageId: found.imageId,
          tags: completeJudgement(offered, present, {
            unsure: names(im.zebra?.unsure),
            undecided: names(im.zebra?.undecided)
          })
        })
    }
  }
  return plan
}
