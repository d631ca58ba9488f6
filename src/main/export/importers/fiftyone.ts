// Labels from a FiftyOneImageClassificationDataset: labels.json {"classes": [...], "labels":
// {uuid: target}} beside data/<uuid>.<ext>. A target is an index into classes, or without
// classes the label itself ({"label": ...} objects too); null is an unlabelled image. The path
// may be the dataset folder, its labels.json, or a folder of split datasets (train/labels.json...).
// A list of targets is FiftyOne's Classifications: several labels, for a tags project, where every
// class not listed is absent except those "zebra_tags" (a tags export) keeps unsure or undecided.
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import type { ImportPlan } from './plan'
import { ImageResolver } from './resolve'
import { completeJudgement } from './tags-plan'
import { findImage, readSources, sourceOf } from './tree'

interface LabelsJson {
  classes?: unknown
  labels?: unknown
  /** a tags export's unsure and undecided class indices per uuid (FiftyOne ignores the key) */
  zebra_tags?: unknown
}

type Side = { unsure?: unknown; undecided?: unknown }

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

/** A list of targets (Classifications) as label names, or why one names no class. */
function targetLabels(target: unknown[], classes: string[] | null): string[] | { reason: string } {
  const out: string[] = []
  for (const t of target) {
    const l = targetLabel(t, classes)
    if (typeof l !== 'string') return { reason: `target ${JSON.stringify(t)} names no class` }
    out.push(l)
  }
  return out
}

export async function planFiftyOne(project: Project, path: string): Promise<ImportPlan> {
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0, tagEntries: [] }
  const tags = project.kind === 'tags'
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
    const sides = (typeof doc.zebra_tags === 'object' && doc.zebra_tags) || {}
    const names = (v: unknown): string[] =>
      Array.isArray(v)
        ? v.map((x) => targetLabel(x, classes)).filter((x): x is string => typeof x === 'string')
        : []
    const dataDir = join(dirname(lf.file), 'data')
    const byStem = new Map<string, string>()
    for (const f of await readdir(dataDir).catch(() => [] as string[])) byStem.set(basename(f, extname(f)), f)
    const sources = await readSources(lf.root)
    for (const [uuid, target] of Object.entries(doc.labels as Record<string, unknown>)) {
      plan.total++
      const ref = `${lf.prefix}${uuid}`
      if (target === null || (Array.isArray(target) && target.length === 0 && !tags)) {
        plan.unlabeled++
        continue
      }
      // Classifications (a list of targets): several labels; one target is one label
      const labels = Array.isArray(target) ? targetLabels(target, classes) : [targetLabel(target, classes)]
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
        const reason = Array.isArray(labels)
          ? `target ${JSON.stringify(target)} names no class`
          : labels.reason
        plan.unmatched.push({ ref, reason })
        continue
      }
      const present = labels as string[]
      if (!tags && present.length > 1) {
        plan.unmatched.push({
          ref,
          reason: `${present.length} labels (${present.join(', ')}): this project has one label per image`
        })
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
      else if (!tags) plan.entries.push({ ref, imageId: found.imageId, label: present[0]! })
      else {
        // every class not listed is absent, but for those a tags export kept unsure or undecided
        const side = ((sides as Record<string, Side>)[uuid] ?? {}) as Side
        plan.tagEntries!.push({
          ref,
          imageId: found.imageId,
          tags: completeJudgement(classes ?? present, present, {
            unsure: names(side.unsure),
            undecided: names(side.undecided)
          })
        })
      }
    }
  }
  return plan
}
