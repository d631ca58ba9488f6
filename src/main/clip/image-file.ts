// Reading an image file for preprocessing and scanning, and its displayed size without a libvips
// call. Files are read into buffers that are reused: a fresh multi-megabyte Buffer per
// file costs page faults and zeroing on every image (a 2.7 MB JPEG: ~0.9 core-ms with readFile,
// ~0.4 into a reused buffer). A preprocessing worker reads synchronously (one system-call sequence
// on its own thread instead of round trips through libuv's pool); the main thread reads
// asynchronously so the app never blocks on a slow disk.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { isMainThread } from 'node:worker_threads'
import { imageSize } from 'image-size'
import sharp, { type SharpOptions } from 'sharp'

export interface ImageBytes {
  bytes: Buffer
  /** hands the buffer back for the next file: the bytes must not be used after this */
  release(): void
}

/** files above this get a buffer of their own, dropped after use */
const POOLED_MAX = 64 << 20
/** a worker has a few images in flight at once, a scan a few files; each takes its own buffer */
const KEEP = 8
const spare: Buffer[] = []

function take(size: number): Buffer {
  let best = -1
  // the smallest that fits; of equal ones the last released, whose pages are the warmest
  for (let i = 0; i < spare.length; i++)
    if (spare[i].length >= size && (best < 0 || spare[i].length <= spare[best].length)) best = i
  if (best >= 0) return spare.splice(best, 1)[0]
  // whole mebibytes up to the next power of two, so a folder of similar files settles on a few
  return Buffer.allocUnsafeSlow(Math.max(1 << 20, 2 ** Math.ceil(Math.log2(size))))
}

export async function readImageFile(file: string): Promise<ImageBytes> {
  return isMainThread ? readPooledAsync(file) : readPooled(file)
}

function handOut(buf: Buffer, got: number, pooled: boolean): ImageBytes {
  let released = false
  return {
    bytes: buf.subarray(0, got),
    release: () => {
      if (released || !pooled) return
      released = true
      if (spare.length < KEEP) spare.push(buf)
    }
  }
}

/** The main thread's read: asynchronous, into a spare buffer when one is free and big enough. */
export async function readPooledAsync(file: string): Promise<ImageBytes> {
  const fh = await open(file, 'r')
  try {
    const { size } = await fh.stat()
    const pooled = size <= POOLED_MAX
    const buf = pooled ? take(size) : Buffer.allocUnsafeSlow(size)
    let got = 0
    // (a read that fails drops its buffer, as the synchronous one does: the collector takes it)
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, size - got, got)
      // the file shrank while being read: what was there is what gets decoded (and judged)
      if (bytesRead === 0) break
      got += bytesRead
    }
    return handOut(buf, got, pooled)
  } finally {
    await fh.close()
  }
}

/** The worker threads' read: synchronous, into a spare buffer when one is free and big enough. */
export function readPooled(file: string): ImageBytes {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const pooled = size <= POOLED_MAX
    const buf = pooled ? take(size) : Buffer.allocUnsafeSlow(size)
    let got = 0
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got)
      // the file shrank while being read: what was there is what gets decoded (and judged)
      if (n === 0) break
      got += n
    }
    return handOut(buf, got, pooled)
  } finally {
    closeSync(fd)
  }
}

/** Width and height as displayed: EXIF orientations 5-8 turn the stored image a quarter. */
export function displayedSize(meta: { width?: number; height?: number; orientation?: number }): {
  width?: number
  height?: number
} {
  const swap = (meta.orientation ?? 1) >= 5
  return swap ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height }
}

/**
 * An image's displayed size and format, for the scan and the preprocessing shortcuts alike: a
 * JPEG's from its own markers (jpegDisplayedSize), anything else from sharp's header parse with the
 * caller's options. Sizes are undefined when the header does not give them.
 */
export async function imageHeader(
  input: Buffer | string,
  options?: SharpOptions
): Promise<{ width?: number; height?: number; format?: string; orientation?: number }> {
  const jpeg = typeof input === 'string' ? null : jpegHeader(input)
  if (jpeg) return { ...jpeg, format: 'jpeg' }
  const m = await sharp(input, options).metadata()
  return { ...displayedSize(m), format: m.format, orientation: m.orientation }
}

/**
 * A JPEG's displayed size from its SOF and EXIF markers (image-size reads them in microseconds,
 * where sharp's metadata() costs ~0.2 core-ms of libvips header parsing); null for any other
 * format, or whenever the markers leave room for doubt, so the caller asks sharp. libvips takes its
 * size and orientation from the same two markers (image-file.test.ts checks both agree).
 */
export function jpegDisplayedSize(bytes: Uint8Array): { width: number; height: number } | null {
  const h = jpegHeader(bytes)
  return h ? { width: h.width, height: h.height } : null
}

/** jpegDisplayedSize and the EXIF orientation (1 when there is none). */
function jpegHeader(bytes: Uint8Array): { width: number; height: number; orientation: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null
  // image-size looks for the orientation tag in an IFD0 that starts right after the TIFF header,
  // where every camera puts it; an EXIF block laid out otherwise, or a header cut short, goes to sharp
  if (!headerPlain(bytes)) return null
  try {
    const r = imageSize(bytes)
    if (r.type !== 'jpg' || !r.width || !r.height) return null
    if (r.orientation !== undefined && !(r.orientation >= 1 && r.orientation <= 8)) return null
    const d = displayedSize(r)
    return { width: d.width!, height: d.height!, orientation: r.orientation ?? 1 }
  } catch {
    return null
  }
}

/**
 * The header's segments, SOI to the start of scan, are whole (as libjpeg's jpeg_read_header, which
 * sharp's metadata() runs, needs them), and hold at most one EXIF block, with IFD0 at offset 8.
 */
function headerPlain(b: Uint8Array): boolean {
  let p = 2
  let exif = 0
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return false
    const marker = b[p + 1]
    // fill bytes before a marker
    if (marker === 0xff) {
      p++
      continue
    }
    if (marker === 0xda) return true
    // standalone markers (TEM, RSTn, SOI, EOI) do not belong before the first scan
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) return false
    const len = (b[p + 2] << 8) | b[p + 3]
    if (len < 2 || p + 2 + len > b.length) return false
    // APP1 "Exif\0\0", then the TIFF header: byte order, 42, IFD0 offset
    if (marker === 0xe1 && b[p + 4] === 0x45 && b[p + 5] === 0x78 && b[p + 6] === 0x69 && b[p + 7] === 0x66) {
      const t = p + 10
      if (++exif > 1 || t + 8 > p + 2 + len) return false
      const le = b[t] === 0x49
      const off = le
        ? b[t + 4] | (b[t + 5] << 8) | (b[t + 6] << 16) | (b[t + 7] << 24)
        : (b[t + 4] << 24) | (b[t + 5] << 16) | (b[t + 6] << 8) | b[t + 7]
      if (off !== 8) return false
    }
    p += 2 + len
  }
  return false
}
