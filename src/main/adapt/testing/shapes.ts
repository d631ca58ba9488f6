// A synthetic image dataset whose classes really differ in appearance — for adaptation tests and
// the learning-curve evidence. Each class is a shape + colour drawn at a random position and size
// over a random light background with grey clutter; everything is seeded, so the same seed writes
// the same PNGs.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { mulberry32 } from '../../math/rng'

export interface ShapeClass {
  /** opaque on purpose: the demo model knows red circles, not "class_a", so zero-shot
   * stays near chance and adaptation has something to learn. The draw function says what it is. */
  name: string
  draw(cx: number, cy: number, r: number): string
}

export const SHAPE_CLASSES: ShapeClass[] = [
  // a red circle
  { name: 'class_a', draw: (x, y, r) => `<circle cx="${x}" cy="${y}" r="${r}" fill="#d62020"/>` },
  {
    name: 'class_b',
    draw: (x, y, r) => `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="#1f3fd6"/>`
  },
  {
    name: 'class_c',
    draw: (x, y, r) => `<polygon points="${x},${y - r} ${x - r},${y + r} ${x + r},${y + r}" fill="#18a33a"/>`
  },
  {
    name: 'class_d',
    draw: (x, y, r) =>
      [-1, 0, 1]
        .map(
          (k) =>
            `<rect x="${x - r}" y="${y + k * r * 0.6 - r * 0.15}" width="${2 * r}" height="${r * 0.3}" fill="#e8c812"/>`
        )
        .join('')
  },
  {
    name: 'class_e',
    draw: (x, y, r) =>
      `<rect x="${x - r}" y="${y - r * 0.25}" width="${2 * r}" height="${r * 0.5}" fill="#8a23b5"/>` +
      `<rect x="${x - r * 0.25}" y="${y - r}" width="${r * 0.5}" height="${2 * r}" fill="#8a23b5"/>`
  }
]

/** SVG of one image of class k. */
function shapeSvg(k: number, rnd: () => number, size = 128): string {
  const g = Math.round(200 + rnd() * 55)
  const clutter = Array.from({ length: 6 }, () => {
    const v = Math.round(120 + rnd() * 100)
    return `<rect x="${rnd() * size}" y="${rnd() * size}" width="${4 + rnd() * 14}" height="${4 + rnd() * 14}" fill="rgb(${v},${v},${v})"/>`
  }).join('')
  const r = size * (0.15 + rnd() * 0.2)
  const x = r + rnd() * (size - 2 * r)
  const y = r + rnd() * (size - 2 * r)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
    `<rect width="${size}" height="${size}" fill="rgb(${g},${g},${Math.round(g * 0.97)})"/>${clutter}` +
    SHAPE_CLASSES[k].draw(x, y, r) +
    '</svg>'
  )
}

export interface ShapeImage {
  file: string
  /** index into SHAPE_CLASSES */
  label: number
}

/**
 * Writes `perClass` PNGs of each of the first `classes` shape classes into dir/<class name>/,
 * interleaved by class in the returned list.
 */
export async function writeShapeDataset(
  dir: string,
  opts: { perClass?: number; classes?: number; seed?: number } = {}
): Promise<ShapeImage[]> {
  const perClass = opts.perClass ?? 24
  const classes = Math.min(opts.classes ?? SHAPE_CLASSES.length, SHAPE_CLASSES.length)
  const rnd = mulberry32(opts.seed ?? 1)
  const out: ShapeImage[] = []
  for (let k = 0; k < classes; k++)
    mkdirSync(join(dir, SHAPE_CLASSES[k].name.replace(/ /g, '_')), { recursive: true })
  for (let i = 0; i < perClass; i++) {
    for (let k = 0; k < classes; k++) {
      const file = join(dir, SHAPE_CLASSES[k].name.replace(/ /g, '_'), `${String(i).padStart(3, '0')}.png`)
      await sharp(Buffer.from(shapeSvg(k, rnd)))
        .png()
        .toFile(file)
      out.push({ file, label: k })
    }
  }
  return out
}
