import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { displayedSize, jpegDisplayedSize, readPooled, readPooledAsync } from './image-file'
import { SAMPLES_DIR } from './test-fixtures'

const tmp = mkdtempSync(join(tmpdir(), 'zebra-image-file-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

async function sharpSize(bytes: Buffer): Promise<{ width?: number; height?: number }> {
  return displayedSize(await sharp(bytes).metadata())
}

/** a JPEG with structure, written with EXIF orientation `o` (sharp stores it as libvips reads it) */
async function jpegWith(o: number, width = 300, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .jpeg({ quality: 80 })
    .withMetadata({ orientation: o })
    .toBuffer()
}

describe('jpegDisplayedSize (the header read that spares a libvips call)', () => {
  it('agrees with sharp on every fixture JPEG and on all eight EXIF orientations', async () => {
    const photos = readdirSync(SAMPLES_DIR).filter((n) => n.endsWith('.jpg'))
    expect(photos.length).toBeGreaterThan(3)
    for (const name of photos) {
      const bytes = readFileSync(join(SAMPLES_DIR, name))
      expect({ name, size: jpegDisplayedSize(bytes) }).toEqual({ name, size: await sharpSize(bytes) })
    }
    for (let o = 1; o <= 8; o++) {
      const bytes = await jpegWith(o)
      const fast = jpegDisplayedSize(bytes)
      expect(fast).toEqual(o >= 5 ? { width: 200, height: 300 } : { width: 300, height: 200 })
      expect(fast).toEqual(await sharpSize(bytes))
    }
  })

  it('leaves other formats, cut headers, odd EXIF layouts and garbage to sharp', async () => {
    const png = readFileSync(join(SAMPLES_DIR, 'alpha_200x200.png'))
    expect(jpegDisplayedSize(png)).toBeNull()
    const jpeg = await jpegWith(6)
    // cut inside the header, before the start of scan: libjpeg would refuse it
    const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]))
    expect(sos).toBeGreaterThan(0)
    expect(jpegDisplayedSize(jpeg.subarray(0, sos - 3))).toBeNull()
    // the same file cut after the header: the size is known (decoding will fail later, as in sharp)
    expect(jpegDisplayedSize(jpeg.subarray(0, sos + 40))).toEqual({ width: 200, height: 300 })
    // IFD0 somewhere else than right after the TIFF header: image-size would miss the orientation
    const exif = jpeg.indexOf(Buffer.from('Exif\0\0', 'latin1'))
    expect(exif).toBeGreaterThan(0)
    const moved = Buffer.from(jpeg)
    const le = moved[exif + 6] === 0x49
    if (le) moved.writeUInt32LE(12, exif + 10)
    else moved.writeUInt32BE(12, exif + 10)
    expect(jpegDisplayedSize(moved)).toBeNull()
    expect(jpegDisplayedSize(Buffer.from('plain text pretending to be a JPEG'))).toBeNull()
    expect(jpegDisplayedSize(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull()
  })
})

describe('readPooled / readPooledAsync (the workers’ and the main thread’s file reads)', () => {
  it('returns the file’s bytes and reuses a released buffer for the next file', () => {
    const a = join(tmp, 'a.bin')
    const b = join(tmp, 'b.bin')
    const big = join(tmp, 'big.bin')
    writeFileSync(a, Buffer.alloc(300_000, 1))
    writeFileSync(b, Buffer.alloc(200_000, 2))
    writeFileSync(big, Buffer.alloc(3_000_000, 3))
    const first = readPooled(a)
    expect(first.bytes.equals(readFileSync(a))).toBe(true)
    // still held: the next read gets a buffer of its own
    const second = readPooled(b)
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer)
    expect(second.bytes.equals(readFileSync(b))).toBe(true)
    const reused = first.bytes.buffer
    first.release()
    first.release()
    const third = readPooled(b)
    expect(third.bytes.buffer).toBe(reused)
    expect(third.bytes.equals(readFileSync(b))).toBe(true)
    // bigger than any spare: a new buffer, with every byte
    const fourth = readPooled(big)
    expect(fourth.bytes.length).toBe(3_000_000)
    expect(fourth.bytes.every((x) => x === 3)).toBe(true)
    for (const r of [second, third, fourth]) r.release()
  })

  it('fails on a missing file as fs does (ENOENT), so the caller reports "file not found"', () => {
    expect(() => readPooled(join(tmp, 'gone.jpg'))).toThrow(expect.objectContaining({ code: 'ENOENT' }))
  })

  it('reads asynchronously into the same reused buffers, and fails on a missing file with ENOENT', async () => {
    const a = join(tmp, 'async-a.bin')
    const b = join(tmp, 'async-b.bin')
    writeFileSync(a, Buffer.alloc(500_000, 5))
    writeFileSync(b, Buffer.alloc(400_000, 6))
    const first = await readPooledAsync(a)
    expect(first.bytes.equals(readFileSync(a))).toBe(true)
    const held = first.bytes.buffer
    first.release()
    const second = await readPooledAsync(b)
    expect(second.bytes.buffer).toBe(held)
    expect(second.bytes.equals(readFileSync(b))).toBe(true)
    second.release()
    await expect(readPooledAsync(join(tmp, 'gone.jpg'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
