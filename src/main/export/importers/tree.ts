// Labels from a class-folder tree: [split/]label/file, as torchvision ImageFolder, CVAT ImageNet
// 1.0, FiftyOne ImageClassificationDirectoryTree and Ultralytics classification lay it out. A
// folder's name is its label (a Zebra export's folder maps back to its label's exact spelling,
// and a label's safe folder name, cup_mug for cup/mug, to the label). The image is the one
// sources.csv names, else the file itself when it lies in an image folder, else the project's one
// image of that file name and size. A moved file counts in its new folder: that is the edit.
import type { Dirent } from 'node:fs'
import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { AppError } from '../../../shared/errors'
import { isImageFile } from '../../clip/image-walk'
import type { Project } from '../../db/project'
import { readCsvRows } from '../import'
import { safeName } from '../files'
import { SOURCES_FILE } from '../formats/place'
import type { ImportPlan } from './plan'
import { ImageResolver, type Found } from './resolve'

/** folders that hold images without a label (CVAT, FiftyOne) */
const UNLABELED = new Set(['no_label', '_unlabeled'])
const SPLIT_NAMES = new Set(['train', 'val', 'valid', 'validation', 'test', 'testing', 'training'])

async function dirents(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => !d.name.startsWith('.'))
  } catch (err) {
    throw new AppError('not_found', `Cannot read the folder ${dir}: ${(err as Error).message}`)
  }
}

/** Image files under dir, any depth (torchvision walks class folders recursively), posix-relative. */
async function imagesUnder(dir: string, prefix: string, out: string[]): Promise<void> {
  for (const d of await dirents(dir)) {
    const rel = `${prefix}/${d.name}`
    if (d.isDirectory()) await imagesUnder(join(dir, d.name), rel, out)
    else if ((d.isFile() || d.isSymbolicLink()) && isImageFile(d.name)) out.push(rel)
  }
}

export interface Sources {
  /** file (posix, relative to the export) -> source image */
  source: Map<string, string>
  /** label folder name (lower case) -> the label's exact spelling */
  labelOfFolder: Map<string, string>
  /** file name -> the exported files of that name */
  filesByName: Map<string, string[]>
}

/** sources.csv of a Zebra export (empty maps when there is none). */
export async function readSources(dir: string): Promise<Sources> {
  const s: Sources = { source: new Map(), labelOfFolder: new Map(), filesByName: new Map() }
  const rows = await readCsvRows(join(dir, SOURCES_FILE)).catch(() => null)
  if (!rows?.length) return s
  const head = rows[0]!
  const [fi, li, si] = ['file', 'label', 'source_path'].map((c) => head.indexOf(c))
  if (fi! < 0 || si! < 0) return s
  for (const r of rows.slice(1)) {
    const file = r[fi!]
    if (!file) continue
    s.source.set(file, r[si!] ?? '')
    const name = posix.basename(file)
    s.filesByName.set(name, [...(s.filesByName.get(name) ?? []), file])
    const folder = posix.basename(posix.dirname(file))
    if (li! >= 0 && r[li!] && folder !== '.') s.labelOfFolder.set(folder.toLowerCase(), r[li!]!)
  }
  return s
}

/**
 * The source of `file` in sources.csv: its own row, else (a file moved to another label folder:
 * the edit an import is for) the one row of that file name whose file is no longer where it was.
 */
export function sourceOf(s: Sources, dir: string, file: string): string | undefined {
  const own = s.source.get(file)
  if (own !== undefined) return own
  const moved = (s.filesByName.get(posix.basename(file)) ?? []).filter((f) => !existsSync(join(dir, f)))
  return moved.length === 1 ? s.source.get(moved[0]!) : undefined
}

/** The image an exported file stands for: sources.csv, the file itself, or its name and size. */
export async function findImage(
  resolver: ImageResolver,
  project: Project,
  abs: string,
  viaSources: string | undefined
): Promise<Found> {
  if (viaSources) {
    const f = resolver.byPath(viaSources)
    if ('imageId' in f) return f
  }
  if (project.rootOf(abs)) return resolver.byPath(abs)
  const size = await stat(abs).then(
    (s) => s.size,
    () => null
  )
  return resolver.byFileName(posix.basename(abs.replace(/\\/g, '/')), size)
}

/** A folder name as a label: the export's own spelling, a project label, or the name itself. */
function folderLabel(project: Project, folder: string, labelOfFolder: Map<string, string>): string {
  const mapped = labelOfFolder.get(folder.toLowerCase())
  if (mapped) return mapped
  const f = folder.toLowerCase()
  const labels = project.labels()
  return (
    labels.find((l) => l.name.toLowerCase() === f)?.name ??
    labels.find((l) => safeName(l.name).toLowerCase() === f)?.name ??
    folder
  )
}

export async function planTree(project: Project, dir: string): Promise<ImportPlan> {
  const st = await stat(dir).catch(() => null)
  if (!st?.isDirectory())
    throw new AppError(
      'invalid_input',
      `${dir} is not a folder: choose the folder that holds the label folders.`
    )
  const sources = await readSources(dir)
  const top = (await dirents(dir)).filter((d) => d.isDirectory())
  // split folders hold label folders; anything else at the top is a label folder itself
  const splitLayer =
    top.length > 0 &&
    top.every((d) => SPLIT_NAMES.has(d.name.toLowerCase())) &&
    !top.some((d) => project.labelByName(d.name))
  const classDirs: string[] = []
  for (const d of top) {
    if (!splitLayer) classDirs.push(d.name)
    else
      for (const c of await dirents(join(dir, d.name)))
        if (c.isDirectory()) classDirs.push(`${d.name}/${c.name}`)
  }
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0 }
  const resolver = new ImageResolver(project)
  for (const cd of classDirs) {
    const folder = posix.basename(cd)
    const files: string[] = []
    await imagesUnder(join(dir, cd), cd, files)
    for (const file of files) {
      plan.total++
      if (UNLABELED.has(folder)) {
        plan.unlabeled++
        continue
      }
      const found = await findImage(resolver, project, join(dir, file), sourceOf(sources, dir, file))
      if ('reason' in found) plan.unmatched.push({ ref: file, reason: found.reason })
      else
        plan.entries.push({
          ref: file,
          imageId: found.imageId,
          label: folderLabel(project, folder, sources.labelOfFolder)
        })
    }
  }
  return plan
}
