// A real Windows bitmap (BITMAPINFOHEADER, 24 bits, bottom-up rows padded to 4 bytes), for tests of
// a folder whose .bmp Zebra does not read. Test-only helper: no BMP encoder is a dependency.
import { writeFileSync } from 'node:fs'

/** Writes a `width` x `height` BMP filled with one colour. */
export function writeBmp(path: string, width: number, height: number, rgb = [200, 40, 40]): void {
  const row = Math.ceil((width * 3) / 4) * 4
  const pixels = row * height
  const buf = Buffer.alloc(54 + pixels)
  buf.write('BM', 0, 'latin1')
  buf.writeUInt32LE(54 + pixels, 2) // file size
  buf.writeUInt32LE(54, 10) // pixel data offset
  buf.writeUInt32LE(40, 14) // BITMAPINFOHEADER
  buf.writeInt32LE(width, 18)
  buf.writeInt32LE(height, 22)
  buf.writeUInt16LE(1, 26) // planes
  buf.writeUInt16LE(24, 28) // bits per pixel
  buf.writeUInt32LE(pixels, 34)
  buf.writeInt32LE(2835, 38) // 72 dpi
  buf.writeInt32LE(2835, 42)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = 54 + y * row + x * 3
      buf[o] = rgb[2]!
      buf[o + 1] = rgb[1]!
      buf[o + 2] = rgb[0]!
    }
  writeFileSync(path, buf)
}
