// Scan: brings the images table in line with the folders. New files are added (hash + header
// metadata), changed files re-hashed (their embeddings dropped), files gone are marked missing, and
// a new file whose content hash equals a missing one is treated as that image moved (it keeps its
// embeddings and decisions).
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { describeNotTaken, emptyNotTaken, type NotTaken } from '../../shared/not-taken'
import { imageHeader, readPooledAsync } from '../clip/image-file'
import type { Project } from '../db/project'
import { nowIso } from '../db/project'
import { clearImageResults } from '../db/predictions'
import { rebucketGrown } from '../db/queue-counts'
import { markGoneAndRestored, scanImageRows, scanWriter, type ScanImageRow } from '../db/scan-store'
import { recordLastScan } from './last-scan'
import { emptyWalkReport, walkImages, type FoundFile, type SkippedPath } from './walk'

export interface ScanResult {
  total: number
  added: number
  changed: number
  moved: number
  missing: number
  restored: number
  unreadable: number
  unchanged: number
  /** folders that could not be read: their images are kept as they were, not marked missing */
  unreadableFolders: (SkippedPath & { root: string })[]
  /** folder links that loop back on themselves (skipped) */
  loops: (SkippedPath & { root: string })[]
  /** the files of the folders that are not images Zebra reads, hidden entries, links not followed */
  notTaken: NotTaken
}

/** one line for the CLI and the job's result */
export function scanSummary(r: ScanResult): string {
  let s = `${r.total} files: ${r.added} new, ${r.changed} changed, ${r.moved} moved, ${r.missing} missing, ${r.unreadable} unreadable`
  if (r.unreadableFolders.length) {
    const list = r.unreadableFolders.map((f) => `${f.path} (${f.reason})`).join(', ')
    s += `; could not read ${r.unreadableFolders.length} folder(s), their images were left as they were: ${list}`
  }
  if (r.loops.length)
    s += `; skipped ${r.loops.length} looping link(s): ${r.loops.map((l) => l.path).join(', ')}`
  const notTaken = describeNotTaken(r.notTaken)
  if (notTaken) s += `; ${notTaken}`
  return s
}

/** true when `rel` is the folder `dir` (relative, '' = the root) or inside it */
function under(dir: string, rel: string): boolean {
  return dir === '' || rel === dir || rel.startsWith(`${dir}/`)
}

export interface ScanOptions {
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  onFileError?: (file: string, reason: string) => void
  /** files hashed at once (each on a libuv thread) */
  concurrency?: number
}

/** An image file's content hash (sha1, streamed): what a moved or renamed image is recognised by. */
async function sha1File(file: string): Promise<string> {
  const h = createHash('sha1')
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer)
  return h.digest('hex')
}

interface Probe {
  hash: string
  width: number | null
  height: number | null
  format: string | null
  error: string | null
}

/** Files up to this size are read once into memory for both the hash and the header. */
const ONE_READ_BYTES = 64 * 1024 * 1024

/**
 * Content hash and header metadata (width/height as displayed, i.e. after EXIF orientation). The
 * file is read once: the bytes that were hashed are the ones whose header is parsed (a second
 * open by path cost up to 2 core-ms on big JPEGs), and a file changing between the two
 * can no longer pair one version's hash with another's size. Huge files are streamed instead.
 */
export async function probeImage(file: string, bytes?: number): Promise<Probe> {
  // into a reused buffer (image-file.ts): a fresh one per file cost page faults on every image
  const read = bytes !== undefined && bytes <= ONE_READ_BYTES ? await readPooledAsync(file) : null
  try {
    const whole = read?.bytes ?? null
    const hash = whole ? createHash('sha1').update(whole).digest('hex') : await sha1File(file)
    try {
      // a JPEG's own markers give its size without a libvips header parse (~0.2 core-ms an image)
      const h = await imageHeader(whole ?? file)
      if (!h.width || !h.height)
        return { hash, width: null, height: null, format: h.format ?? null, error: 'no image size' }
      return { hash, width: h.width, height: h.height, format: h.format ?? null, error: null }
    } catch (err) {
      return { hash, width: null, height: null, format: null, error: shortReason(err) }
    }
  } finally {
    read?.release()
  }
}

export function shortReason(err: unknown): string {
  const e = err as { details?: { reason?: string }; message?: string }
  const msg = e?.details?.reason ?? e?.message ?? String(err)
  return msg.split('\n')[0]!.slice(0, 300)
}

type Row = ScanImageRow

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

export async function scanProject(project: Project, opts: ScanOptions = {}): Promise<ScanResult> {
  const db = project.db
  const res: ScanResult = {
    total: 0,
    added: 0,
    changed: 0,
    moved: 0,
    missing: 0,
    restored: 0,
    unreadable: 0,
    unchanged: 0,
    unreadableFolders: [],
    loops: [],
    notTaken: emptyNotTaken()
  }
  const existing = new Map<string, Row>()
  for (const r of scanImageRows(db)) {
    existing.set(`${r.root_id}\u0000${r.rel_path}`, r)
  }
  const seen = new Set<number>()
  const toProbe: { rootId: number; f: FoundFile; row: Row | null }[] = []
  const restore: number[] = []
  // per root: folders whose contents are unknown this time
  const blind = new Map<number, string[]>()
  for (const root of project.roots()) {
    const report = { ...emptyWalkReport(), notTaken: res.notTaken } // one count over all folders
    for await (const f of walkImages(root.path, { signal: opts.signal, report })) {
      res.total++
      const row = existing.get(`${root.id}\u0000${f.rel}`) ?? null
      if (row) seen.add(row.id)
      if (row && row.bytes === f.bytes && row.mtime_ms === f.mtimeMs && row.hash) {
        if (row.state === 'missing') restore.push(row.id)
        else res.unchanged++
        continue
      }
      toProbe.push({ rootId: root.id, f, row })
    }
    blind.set(
      root.id,
      report.unreadable.map((u) => u.rel)
    )
    res.unreadableFolders.push(...report.unreadable.map((u) => ({ ...u, root: root.path })))
    res.loops.push(...report.loops.map((u) => ({ ...u, root: root.path })))
  }
  if (opts.signal?.aborted) return res
  // not seen because its folder could not be read is not gone
  const unseenButUnknown = (r: Row): boolean => (blind.get(r.root_id) ?? []).some((d) => under(d, r.rel_path))
  const gone = [...existing.values()].filter(
    (r) => !seen.has(r.id) && r.state !== 'missing' && !unseenButUnknown(r)
  )
  // Mark vanished files missing first, so moves below can claim them.
  markGoneAndRestored(
    db,
    gone.map((r) => r.id),
    restore
  )
  res.missing = gone.length
  res.restored = restore.length

  const total = toProbe.length
  let done = 0
  opts.onProgress?.(0, total)
  const w = scanWriter(db)
  const CHUNK = 256
  for (let s = 0; s < toProbe.length; s += CHUNK) {
    if (opts.signal?.aborted) break
    const part = toProbe.slice(s, s + CHUNK)
    const probes = await mapLimit(part, opts.concurrency ?? 4, async (t) => {
      try {
        return await probeImage(t.f.abs, t.f.bytes)
      } catch (err) {
        return { hash: '', width: null, height: null, format: null, error: shortReason(err) } as Probe
      }
    })
    // one transaction per chunk: a killed scan leaves whole chunks, and a rerun redoes the rest
    db.transaction(() => {
      part.forEach((t, i) => {
        const p = probes[i]!
        const state = p.error ? 'unreadable' : 'ok'
        const file = {
          hash: p.hash,
          bytes: t.f.bytes,
          mtimeMs: t.f.mtimeMs,
          width: p.width,
          height: p.height,
          format: p.format,
          state,
          reason: p.error
        } as const
        if (p.error) {
          res.unreadable++
          opts.onFileError?.(t.f.abs, p.error)
        }
        if (t.row) {
          if (t.row.hash !== p.hash) {
            clearImageResults(db, t.row.id)
            res.changed++
          } else res.unchanged++
          w.update(t.row.id, file)
          return
        }
        const m = p.hash ? w.missingByHash(p.hash) : undefined
        if (m !== undefined) {
          w.move(m, t.rootId, t.f.rel, t.f.mtimeMs, state)
          res.moved++
          return
        }
        w.insert(t.rootId, t.f.rel, file, nowIso())
        res.added++
      })
      // immediate: it reads (missingByHash) then writes, so it must wait for the write lock up front
    }).immediate()
    done += part.length
    opts.onProgress?.(done, total)
  }
  res.missing -= res.moved
  // a big new folder lands in one file-order bucket of the review counters: re-cut it now
  rebucketGrown(db)
  // a cancelled scan did not see everything: its numbers are not "what the last scan found"
  if (!opts.signal?.aborted) recordLastScan(db, res)
  return res
}
