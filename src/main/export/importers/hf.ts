// Labels from a Hugging Face imagefolder: metadata.jsonl beside the images of each split (the
// export folder, a split folder or the file itself). A line's "label" is one label; a tags
// export's "tag_states" (per class of the card: present, absent, unsure, '' undecided), or lists
// "labels", "absent_labels" and "unsure_labels", are several (explicit: a tag in none of them
// stays undecided). A class index is named by the README card's class_label names. The image is
// the one sources.csv names, else the file itself, else the project's one image of its name and size.
import { readFile, readdir, stat } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import type { ImportPlan } from './plan'
import { ImageResolver } from './resolve'
import type { TagLists } from './tags-plan'
import { findImage, readSources, sourceOf, type Sources } from './tree'

const META = 'metadata.jsonl'

/** the metadata files under `path`, each with its folder relative to the export root */
async function metadataFiles(
  path: string
): Promise<{ root: string; files: { file: string; prefix: string }[] }> {
  const st = await stat(path).catch(() => null)
  if (!st) throw new AppError('not_found', `${path} does not exist.`)
  if (st.isFile()) return { root: dirname(dirname(path)), files: [{ file: path, prefix: '' }] }
  if (await stat(join(path, META)).catch(() => null))
    return { root: dirname(path), files: [{ file: join(path, META), prefix: '' }] }
  const files: { file: string; prefix: string }[] = []
  for (const d of await readdir(path, { withFileTypes: true }))
    if (d.isDirectory() && (await stat(join(path, d.name, META)).catch(() => null)))
      files.push({ file: join(path, d.name, META), prefix: `${d.name}/` })
  if (!files.length)
    throw new AppError(
      'invalid_input',
      `No ${META} in ${path} (nor in its split folders): choose a Hugging Face imagefolder.`
    )
  return { root: path, files }
}

/** index -> class name from the card's class_label names ('0': cat), when there is a card */
async function cardNames(dir: string): Promise<Map<number, string>> {
  const text = await readFile(join(dir, 'README.md'), 'utf8').catch(() => '')
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? ''
  const out = new Map<number, string>()
  for (const m of front.matchAll(/^\s+'?(\d+)'?:\s*(.+?)\s*$/gm)) {
    const i = Number(m[1])
    if (out.has(i)) continue
    const v = m[2]!
    try {
      out.set(i, v.startsWith('"') ? (JSON.parse(v) as string) : v.replace(/^'(.*)'$/, '$1'))
    } catch {
      out.set(i, v)
    }
  }
  return out
}

/** per-class states (a tags export's tag_states) as the present, absent and unsure lists */
function fromStates(states: unknown[], names: Map<number, string>): (string[] | null)[] {
  const out: Record<string, string[]> = { present: [], absent: [], unsure: [] }
  states.forEach((s, i) => {
    const n = names.get(i)
    if (n !== undefined && typeof s === 'string' && s in out) out[s]!.push(n)
  })
  return [out.present!, out.absent!, out.unsure!]
}

export async function planHf(project: Project, path: string): Promise<ImportPlan> {
  const { root, files } = await metadataFiles(path)
  // a split folder's sources.csv is the export folder's, one up
  let sources: Sources = await readSources(root)
  let base = root
  if (sources.source.size === 0 && files.length === 1 && files[0]!.prefix === '') {
    base = dirname(files[0]!.file)
    sources = await readSources(base)
  }
  const names = await cardNames(root).then(async (m) => (m.size ? m : cardNames(base)))
  const name = (v: unknown): string | null =>
    typeof v === 'string' ? v : typeof v === 'number' ? (names.get(v) ?? null) : null
  const list = (v: unknown): string[] | null =>
    Array.isArray(v) ? v.map(name).filter((x): x is string => x !== null) : null
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0, tagEntries: [] }
  const resolver = new ImageResolver(project)
  for (const mf of files) {
    const dir = dirname(mf.file)
    const rel = (f: string): string => posix.join(posix.relative(base, dir).split('\\').join('/'), f)
    const text = await readFile(mf.file, 'utf8')
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue
      plan.total++
      let o: Record<string, unknown>
      try {
        o = JSON.parse(line) as Record<string, unknown>
      } catch (err) {
        throw new AppError('invalid_input', `${mf.file} line ${i + 1} is not JSON: ${(err as Error).message}`)
      }
      const fileName = typeof o.file_name === 'string' ? o.file_name : null
      const ref = `${mf.prefix}${fileName ?? `line ${i + 1}`}`
      if (!fileName) {
        plan.unmatched.push({ ref, reason: 'no "file_name"' })
        continue
      }
      const lists = Array.isArray(o.tag_states)
        ? fromStates(o.tag_states, names)
        : [list(o.labels), list(o.absent_labels), list(o.unsure_labels)]
      const single = name(o.label)
      if (lists.every((l) => l === null) && single === null) {
        plan.unlabeled++
        continue
      }
      const found = await findImage(
        resolver,
        project,
        join(dir, fileName),
        sourceOf(sources, base, rel(fileName))
      )
      if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
      else if (lists.some((l) => l !== null)) {
        const tags: TagLists = { present: lists[0] ?? [], absent: lists[1] ?? [], unsure: lists[2] ?? [] }
        plan.tagEntries!.push({ ref, imageId: found.imageId, tags })
      } else plan.entries.push({ ref, imageId: found.imageId, label: single! })
    }
  }
  return plan
}
