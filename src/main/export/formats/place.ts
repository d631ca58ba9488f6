// Places exported images under the export folder: each row's file copied or linked into the
// folder its format wants, under a unique name (a clash gets a numeric suffix, nothing is
// overwritten), and sources.csv maps every placed file back to the image it came from, so a
// tree edited in another tool can be imported back onto the same images.
import { mkdir, realpath, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { fromPosixRel, isInside } from '../../db/paths'
import { toCsv } from '../csv'
import { NameAllocator, placeFile, safeName } from '../files'
import type { ExportRow } from '../rows'
import type { FormatInput, NotCopied } from './types'

/** what placing needs of a row: the image and where its file is */
export interface PlaceRow {
  imageId: number
  root: string
  relPath: string
}

/** what placing needs of an export (FormatInput, or a tags export's input) */
export type PlaceInput<R extends PlaceRow> = Pick<FormatInput, 'outDir' | 'mode' | 'signal' | 'progress'> & {
  rows: readonly R[]
  splitOf(r: R): string | null
}

export interface Placed<R extends PlaceRow = ExportRow> {
  row: R
  split: string | null
  /** where the file went: posix path relative to the export folder */
  file: string
}

export const SOURCES_FILE = 'sources.csv'
const SOURCES_COLUMNS = ['file', 'label', 'split', 'source_path', 'root', 'rel_path', 'decision'] as const

/** why a file could not be read or copied, in words; null for an error that is no file's fault */
function whyNot(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'gone since the scan'
  if (code === 'EACCES' || code === 'EPERM') return 'unreadable (permission denied)'
  if (code === 'ELOOP') return 'a symlink loop'
  if (code === 'EISDIR') return 'now a folder'
  return null
}

/**
 * Copies or links each row's image into `dirOf(row, split)` (posix, relative to the export
 * folder). With `uniqueStem`, names are unique without their extension too (formats that key
 * images by file stem). A row whose file is gone, unreadable or now links out of its folder is
 * not copied, and named with the reason, never dropped in silence.
 */
export async function placeRows<R extends PlaceRow>(
  input: PlaceInput<R>,
  dirOf: (r: R, split: string | null) => string,
  opts: { uniqueStem?: boolean } = {}
): Promise<{ placed: Placed<R>[]; notCopied: NotCopied[] }> {
  const names = new NameAllocator()
  const made = new Set<string>()
  const realRoots = new Map<string, string>()
  const placed: Placed<R>[] = []
  const notCopied: NotCopied[] = []
  const skip = (r: R, why: string): void => {
    notCopied.push({ imageId: r.imageId, path: join(r.root, fromPosixRel(r.relPath)), why })
    input.progress()
  }
  for (const r of input.rows) {
    if (input.signal?.aborted) throw new AppError('cancelled', 'Export cancelled.')
    const split = input.splitOf(r)
    const dirRel = dirOf(r, split)
    let root = realRoots.get(r.root)
    if (root === undefined) realRoots.set(r.root, (root = await realpath(r.root).catch(() => r.root)))
    let src: string
    try {
      src = await realpath(join(r.root, fromPosixRel(r.relPath)))
    } catch (err) {
      skip(r, whyNot(err) ?? `unreadable (${(err as NodeJS.ErrnoException).code})`)
      continue
    }
    if (!isInside(root, src)) {
      skip(r, 'now a link out of its folder')
      continue
    }
    const dir = join(input.outDir, fromPosixRel(dirRel))
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true })
      made.add(dir)
    }
    const wanted = safeName(basename(r.relPath))
    let name: string
    if (opts.uniqueStem) {
      const ext = extname(wanted)
      name = names.take(dirRel, wanted.slice(0, wanted.length - ext.length) || '_') + ext
    } else {
      name = names.take(dirRel, wanted)
    }
    try {
      await placeFile(src, join(dir, name), input.mode)
    } catch (err) {
      const why = whyNot(err)
      if (why === null) throw err // a full disk, say: the export cannot go on
      names.release(dirRel, name)
      skip(r, why)
      continue
    }
    placed.push({ row: r, split, file: dirRel ? `${dirRel}/${name}` : name })
    input.progress()
  }
  return { placed, notCopied }
}

/** One folder name per label, unique (case-insensitively) and never one of `reserved`. */
export function labelFolders(
  labels: readonly string[],
  reserved: readonly string[] = []
): Map<string, string> {
  const alloc = new NameAllocator()
  for (const r of reserved) alloc.take('', r)
  return new Map(labels.map((l) => [l, alloc.take('', safeName(l))]))
}

/** sources.csv: each placed file (relative to the export folder) with its label and source image. */
export async function writeSources(input: FormatInput, placed: readonly Placed[]): Promise<string> {
  const table: unknown[][] = [[...SOURCES_COLUMNS]]
  for (const p of placed) {
    table.push([
      p.file,
      p.row.label,
      p.split,
      join(p.row.root, fromPosixRel(p.row.relPath)),
      p.row.root,
      p.row.relPath,
      p.row.decision
    ])
  }
  const f = join(input.outDir, SOURCES_FILE)
  await writeFile(f, toCsv(table, { raw: input.csvRaw }))
  return f
}
