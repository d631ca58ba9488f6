// The one image-folder walker (the CLI's FILE_OR_DIR arguments and the project scan both use it).
// Rules: depth-first in name order; dot-entries skipped; a link is followed only when its target
// stays inside the root, and a linked folder inside the root is not walked twice (its real path is
// walked already). What could not be walked is reported, never silently treated as empty: a folder
// that cannot be read (permissions, a share that hiccups) and a link that loops back on itself.
// Nor is what it passes over silent: every entry it does not take is noted with why (NotTaken).
import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, sep } from 'node:path'
import { emptyNotTaken, noteNotTaken, type NotTaken } from '../../shared/not-taken'

/** extensions (lower case, with the dot) of the formats the preprocessing decodes (sharp: no BMP) */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif'
])

export function isImageFile(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase())
}

/**
 * Extensions of image formats Zebra does not decode: a file with one is named when it is passed
 * over (a user expects it among the images), while other files are only counted.
 */
const UNSUPPORTED_IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    '.bmp .dib .ico .cur .svg .svgz .psd .psb .xcf .jp2 .j2k .jpf .jpx .jpm .jxl .jxr .wdp .hdp ' +
    '.apng .tga .pcx .ppm .pgm .pbm .pnm .exr .hdr .dds .qoi .eps .ai ' +
    '.dng .raw .cr2 .cr3 .crw .nef .nrw .arw .srf .sr2 .orf .rw2 .raf .pef .srw .x3f .3fr .erf .kdc .mrw'
  ).split(' ')
)

export interface FoundFile {
  /** '/'-separated path relative to the root */
  rel: string
  abs: string
  bytes: number
  mtimeMs: number
}

export interface SkippedPath {
  /** absolute path of the folder or link */
  path: string
  /** '/'-separated path relative to the root ('' for the root itself) */
  rel: string
  reason: string
}

/** what a walk could not look into; filled as the walk goes */
export interface WalkReport {
  /** folders that could not be listed: their contents are unknown, not gone */
  unreadable: SkippedPath[]
  /** links that point at a folder containing them, or at themselves */
  loops: SkippedPath[]
  /** the entries passed over (not images Zebra reads, hidden, links not followed), with why */
  notTaken: NotTaken
}

export function emptyWalkReport(): WalkReport {
  return { unreadable: [], loops: [], notTaken: emptyNotTaken() }
}

/** notes a file that is not an image Zebra reads: named if its extension is an image format's */
function passOver(report: WalkReport, path: string, name: string): void {
  const ext = extname(name).toLowerCase()
  if (UNSUPPORTED_IMAGE_EXTENSIONS.has(ext))
    noteNotTaken(report.notTaken, 'unsupported_image', path, ext, `not an image format Zebra reads (${ext})`)
  else noteNotTaken(report.notTaken, 'not_image', path, ext)
}

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..')
}

const posix = (rel: string): string => (sep === '/' ? rel : rel.split(sep).join('/'))
const errText = (err: unknown): string => {
  const e = err as { code?: string; message?: string }
  return e?.code ?? e?.message ?? String(err)
}
// gone between listing and looking: that entry really is not there any more
const vanished = (err: unknown): boolean => {
  const c = (err as { code?: string })?.code
  return c === 'ENOENT' || c === 'ENOTDIR'
}

const linkFault = (err: unknown): string =>
  vanished(err) ? 'a link to nothing' : `a link that cannot be followed (${errText(err)})`

export interface WalkOptions {
  signal?: AbortSignal
  report?: WalkReport
}

/** Walks `root` (absolute, realpath'd) and yields the image files under it. */
export async function* walkImages(root: string, opts: WalkOptions = {}): AsyncGenerator<FoundFile> {
  const report = opts.report ?? emptyWalkReport()
  const relOf = (abs: string): string => posix(abs.slice(root.length + 1))
  const stack: string[] = [root]
  while (stack.length > 0) {
    if (opts.signal?.aborted) return
    const dir = stack.pop()!
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      if (!vanished(err) || dir === root)
        report.unreadable.push({ path: dir, rel: relOf(dir), reason: errText(err) })
      continue
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const subdirs: string[] = []
    let dirFailed = false
    for (const e of entries) {
      const abs = join(dir, e.name)
      if (e.name.startsWith('.')) {
        noteNotTaken(report.notTaken, 'hidden', abs)
        continue
      }
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      if (e.isSymbolicLink()) {
        let real: string
        try {
          real = await realpath(abs)
        } catch (err) {
          if ((err as { code?: string }).code === 'ELOOP')
            report.loops.push({ path: abs, rel: relOf(abs), reason: 'the link points back at itself' })
          else noteNotTaken(report.notTaken, 'link', abs, '', linkFault(err))
          continue
        }
        if (!inside(root, real)) {
          // never read outside the root
          noteNotTaken(report.notTaken, 'link', abs, '', `a link to ${real}, outside the folder`)
          continue
        }
        try {
          const st = await stat(real)
          isDir = st.isDirectory()
          isFile = st.isFile()
        } catch (err) {
          noteNotTaken(report.notTaken, 'link', abs, '', linkFault(err))
          continue
        }
        if (isDir) {
          if (inside(real, dir))
            report.loops.push({
              path: abs,
              rel: relOf(abs),
              reason: `links back to ${real}, a folder containing it`
            })
          continue // a linked folder inside the root is walked through its real path
        }
      }
      if (isDir) {
        subdirs.push(abs)
        continue
      }
      if (!isFile || !isImageFile(e.name)) {
        passOver(report, abs, e.name)
        continue
      }
      try {
        const st = await stat(abs)
        yield { rel: relOf(abs), abs, bytes: st.size, mtimeMs: Math.floor(st.mtimeMs) }
      } catch (err) {
        // listable but not searchable (r without x): the folder's files cannot be looked at
        if (!vanished(err) && !dirFailed) {
          dirFailed = true
          report.unreadable.push({ path: dir, rel: relOf(dir), reason: errText(err) })
        }
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!)
  }
}
