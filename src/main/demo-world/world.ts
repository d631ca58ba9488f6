// The demo model's world: coloured, patterned shapes on backgrounds. Fixed vocabulary so
// the training script, the sample project and the outcome tests all speak about the same things.
// Pure: a seeded generator and plain data, no I/O (render.ts draws a scene).
// one seeded PRNG for the whole app: renders for tests and training use math/rng's too
import { mulberry32 } from '../math/rng'

export { mulberry32 }

export const SHAPES = ['circle', 'square', 'triangle', 'star', 'cross'] as const
export const COLOURS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'black', 'white'] as const
export const PATTERNS = ['plain', 'striped', 'dotted'] as const

export type Shape = (typeof SHAPES)[number]
export type Colour = (typeof COLOURS)[number]
export type Pattern = (typeof PATTERNS)[number]

export interface Composition {
  shape: Shape
  colour: Colour
  pattern: Pattern
}

export type Rgb = [number, number, number]

/** nominal sRGB of each colour word; scenes jitter around it */
const COLOUR_RGB: Record<Colour, Rgb> = {
  red: [215, 30, 35],
  green: [35, 160, 55],
  blue: [35, 70, 215],
  yellow: [245, 215, 30],
  orange: [250, 135, 20],
  purple: [135, 45, 175],
  black: [20, 20, 20],
  white: [245, 245, 245]
}

/** A patterned shape's second colour: white, or black on a white shape. */
export function patternColour(c: Colour): Colour {
  return c === 'white' ? 'black' : 'white'
}

/** all 120 compositions in a fixed order (shape-major) */
export function allCompositions(): Composition[] {
  const out: Composition[] = []
  for (const shape of SHAPES)
    for (const colour of COLOURS) for (const pattern of PATTERNS) out.push({ shape, colour, pattern })
  return out
}

function compositionKey(c: Composition): string {
  return `${c.pattern} ${c.colour} ${c.shape}`
}

/** "striped red star", "red star" for plain */
export function compositionPhrase(c: Composition, sayPlain = false): string {
  return `${c.pattern === 'plain' && !sayPlain ? '' : c.pattern + ' '}${c.colour} ${c.shape}`
}

/**
 * Compositions never shown in training (30 of 120 = 25%): a fixed, seeded choice in which every
 * (shape, colour), (shape, pattern) and (colour, pattern) pair is still seen in some training
 * composition, so each held-out one is a new combination of known parts.
 */
export const HELD_OUT_KEYS: readonly string[] = (() => {
  const all = allCompositions()
  const rnd = mulberry32(14)
  const order = all.map((c) => ({ c, r: rnd() })).sort((a, b) => a.r - b.r)
  const held: Composition[] = []
  const pairs = (c: Composition): string[] => [
    `sc:${c.shape}/${c.colour}`,
    `sp:${c.shape}/${c.pattern}`,
    `cp:${c.colour}/${c.pattern}`
  ]
  const count = new Map<string, number>()
  for (const c of all) for (const p of pairs(c)) count.set(p, (count.get(p) ?? 0) + 1)
  for (const { c } of order) {
    if (held.length >= 30) break
    // keep at least one training composition for each pair (2 for the 3-way pattern pairs)
    if (pairs(c).some((p) => (count.get(p) ?? 0) <= (p.startsWith('sc:') ? 1 : 2))) continue
    for (const p of pairs(c)) count.set(p, (count.get(p) ?? 0) - 1)
    held.push(c)
  }
  return held.map(compositionKey)
})()

export function isHeldOut(c: Composition): boolean {
  return HELD_OUT_KEYS.includes(compositionKey(c))
}

type Background =
  | { kind: 'plain'; colour: Rgb }
  | { kind: 'gradient'; from: Rgb; to: Rgb; angle: number }
  | { kind: 'noisy'; colour: Rgb; amount: number; seed: number }

export interface PlacedShape extends Composition {
  /** centre and radius in pixels */
  cx: number
  cy: number
  r: number
  rotation: number
  fill: Rgb
  second: Rgb
  /** stripe angle (degrees) and period, dot period, in pixels */
  patternAngle: number
  period: number
}

export interface Scene {
  width: number
  height: number
  background: Background
  shapes: PlacedShape[]
  format: 'png' | 'jpeg'
}

export interface SceneOptions {
  minSize?: number
  maxSize?: number
  /** most shapes of the same composition in one scene */
  maxCount?: number
}

const clamp = (x: number): number => Math.max(0, Math.min(255, Math.round(x)))
const dist = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])

function jitter(c: Rgb, rnd: () => number, amount: number): Rgb {
  return [
    clamp(c[0] + (rnd() - 0.5) * 2 * amount),
    clamp(c[1] + (rnd() - 0.5) * 2 * amount),
    clamp(c[2] + (rnd() - 0.5) * 2 * amount)
  ]
}

/** a random background colour clearly different from every colour in `avoid` */
function backgroundColour(rnd: () => number, avoid: Rgb[]): Rgb {
  for (;;) {
    const muted = rnd() < 0.5
    const c: Rgb = muted
      ? jitter([128 + (rnd() - 0.5) * 160, 128 + (rnd() - 0.5) * 160, 128 + (rnd() - 0.5) * 160], rnd, 30)
      : [clamp(rnd() * 255), clamp(rnd() * 255), clamp(rnd() * 255)]
    if (avoid.every((a) => dist(a, c) > 110)) return c
  }
}

/**
 * A scene of one composition (1..maxCount copies) on a random background. Shapes stay inside the
 * central square of the image, which is what CLIP's centre crop keeps.
 */
export function randomScene(comp: Composition, rnd: () => number, opts: SceneOptions = {}): Scene {
  const minSize = opts.minSize ?? 64
  const maxSize = opts.maxSize ?? 1024
  const side = Math.round(minSize + (maxSize - minSize) * rnd() ** 2)
  const aspect = 0.75 + rnd() * 0.6
  const width = aspect >= 1 ? Math.round(side * aspect) : side
  const height = aspect >= 1 ? side : Math.round(side / aspect)
  const s = Math.min(width, height)
  const x0 = (width - s) / 2
  const y0 = (height - s) / 2
  const count = 1 + Math.floor(rnd() * (opts.maxCount ?? 1))
  const fill = jitter(COLOUR_RGB[comp.colour], rnd, 22)
  const second = jitter(COLOUR_RGB[patternColour(comp.colour)], rnd, 10)
  const bgAvoid = comp.pattern === 'plain' ? [fill] : [fill, second]
  const kind = (['plain', 'gradient', 'noisy'] as const)[Math.floor(rnd() * 3)]
  const background: Background =
    kind === 'plain'
      ? { kind, colour: backgroundColour(rnd, bgAvoid) }
      : kind === 'gradient'
        ? {
            kind,
            from: backgroundColour(rnd, bgAvoid),
            to: backgroundColour(rnd, bgAvoid),
            angle: rnd() * 360
          }
        : {
            kind,
            colour: backgroundColour(rnd, bgAvoid),
            amount: 20 + rnd() * 30,
            seed: Math.floor(rnd() * 2 ** 31)
          }
  const shapes: PlacedShape[] = []
  for (let i = 0; i < count; i++) {
    // one shape: 28-45% of the crop's side as radius; several: smaller
    const r = s * (count === 1 ? 0.2 + rnd() * 0.22 : 0.13 + rnd() * 0.08)
    const cx = x0 + r + rnd() * (s - 2 * r)
    const cy = y0 + r + rnd() * (s - 2 * r)
    shapes.push({
      ...comp,
      cx,
      cy,
      r,
      rotation: (rnd() - 0.5) * 40,
      fill,
      second,
      patternAngle: rnd() * 180,
      period: Math.max(4, r * (0.35 + rnd() * 0.2))
    })
  }
  return { width, height, background, shapes, format: rnd() < 0.5 ? 'png' : 'jpeg' }
}

/** a uniformly random composition, from `pool` */
export function pick<T>(pool: readonly T[], rnd: () => number): T {
  return pool[Math.floor(rnd() * pool.length)]
}
