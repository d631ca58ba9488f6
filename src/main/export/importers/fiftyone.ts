// Labels from a FiftyOneImageClassificationDataset: labels.json {"classes": [...], "labels":
// {uuid: target}} beside data/<uuid>.<ext>. A target is an index into classes, or without
// classes the label itself ({"label": ...} objects too); null is an unlabelled image. The path
// may be the dataset folder, its labels.json, or a folder of split datasets (train/labels.json...).
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import type { ImportPlan } from './plan'
import { ImageResolver } from './resolve'
import { findImage, readSources, sourceOf } from './tree'

interface LabelsJson {
  classes?: unknown
  labels?: unknown
}

async function labelFiles(path: string): Promise<{ file: string; root: string; prefix: string }[]> {
  const st = await stat(path).catch(() => null)
  if (!st) throw new AppError('not_found', `${path} does not exist.`)
  if (st.isFile()) return [{ file: path, root: dirname(path), prefix: '' }]
  const own = join(path, 'labels.json')
  if (await stat(own).catch(() => null)) return [{ file: own, root: path, prefix: '' }]
  const out: { file: string; root: string; prefix: string }[] = []
  for (const d of await readdir(path, { withFileTypes: true })) {
    const f = join(path, d.name, 'labels.json')
    if (d.isDirectory() && (await stat(f).catch(() => null)))
      out.push({ file: f, root: path, prefix: `${d.name}/` })
  }
  if (!out.length)
    throw new AppError(
      'invalid_input',
      `No labels.json in ${path} (nor in its split folders): choose a FiftyOne dataset folder.`
    )
  return out
}

function targetLabel(target: unknown, classes: string[] | null): string | null | undefined {
  if (target === null) return null
  if (typeof target === 'object' && target !== null && 'label' in target)
    return targetLabel((target as { label: unknown }).label, classes)
  if (typeof target === 'number') return classes?.[target] ?? undefined
  if (typeof target === 'string') return target
  return undefined
}

export async function planFiftyOne(project: Project, path: string): Promise<ImportPlan> {
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0 }
  const resolver = new ImageResolver(project)
  for (const lf of await labelFiles(path)) {
    let doc: LabelsJson
    try {
      doc = JSON.parse(await readFile(lf.file, 'utf8')) as LabelsJson
    } catch (err) {
      throw new AppError('invalid_input', `${lf.file} is not JSON: ${(err as Error).message}`)
    }
    if (!doc || typeof doc.labels !== 'object' || doc.labels === null || Array.isArray(doc.labels))
      throw new AppError(
        'invalid_input',
        `${lf.file} has no "labels" object: is it a FiftyOne classification dataset?`
      )
    const classes = Array.isArray(doc.classes) ? doc.classes.map(String) : null
    const dataDir = join(dirname(lf.file), 'data')
    const byStem = new Map<string, string>()
    for (const f of await readdir(dataDir).catch(() => [] as string[])) byStem.set(basename(f, extname(f)), f)
    const sources = await readSources(lf.root)
    for (const [uuid, target] of Object.entries(doc.labels as Record<string, unknown>)) {
      plan.total++
      const ref = `${lf.prefix}${uuid}`
      const label = targetLabel(target, classes)
      if (label === null) {
        plan.unlabeled++
        continue
      }
      if (label === undefined) {
        plan.unmatched.push({ ref, reason: `target ${JSON.stringify(target)} names no class` })
        continue
      }
      const file = byStem.get(uuid)
      const found = file
        ? await findImage(
            resolver,
            project,
            join(dataDir, file),
            sourceOf(sources, lf.root, `${lf.prefix}data/${file}`)
          )
        : { reason: 'no file for it in data/' }
      if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
      else plan.entries.push({ ref, imageId: found.imageId, label })
    }
  }
  return plan
}
