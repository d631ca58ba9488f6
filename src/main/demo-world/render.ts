// Draws a demo-world Scene to PNG/JPEG bytes with sharp: the background as raw pixels (plain,
// linear gradient, or seeded noise), the shapes as SVG (patterns clipped to each shape) on top.
import sharp from 'sharp'
import { mulberry32, type PlacedShape, type Rgb, type Scene } from './world'

const hex = (c: Rgb): string => `rgb(${c[0]},${c[1]},${c[2]})`

function backgroundPixels(scene: Scene): Buffer {
  const { width: w, height: h, background: bg } = scene
  const buf = Buffer.alloc(w * h * 3)
  if (bg.kind === 'plain') {
    for (let i = 0; i < w * h; i++) buf.set(bg.colour, i * 3)
  } else if (bg.kind === 'gradient') {
    const a = (bg.angle * Math.PI) / 180
    const dx = Math.cos(a)
    const dy = Math.sin(a)
    const span = Math.abs(dx) * w + Math.abs(dy) * h || 1
    const base = Math.min(0, dx * w) + Math.min(0, dy * h)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const t = (dx * x + dy * y - base) / span
        const o = (y * w + x) * 3
        for (let k = 0; k < 3; k++) buf[o + k] = Math.round(bg.from[k] + (bg.to[k] - bg.from[k]) * t)
      }
  } else {
    const rnd = mulberry32(bg.seed)
    for (let i = 0; i < w * h; i++) {
      const n = (rnd() - 0.5) * 2 * bg.amount
      for (let k = 0; k < 3; k++) buf[i * 3 + k] = Math.max(0, Math.min(255, Math.round(bg.colour[k] + n)))
    }
  }
  return buf
}

/** outline of a shape centred at 0,0 with radius r (SVG path data) */
function outline(s: PlacedShape): string {
  const r = s.r
  const poly = (pts: [number, number][]): string =>
    'M' + pts.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join('L') + 'Z'
  switch (s.shape) {
    case 'circle':
      return `M${-r},0A${r},${r} 0 1,0 ${r},0A${r},${r} 0 1,0 ${-r},0Z`
    case 'square': {
      const a = r * 0.85
      return poly([
        [-a, -a],
        [a, -a],
        [a, a],
        [-a, a]
      ])
    }
    case 'triangle':
      return poly(
        [0, 1, 2].map((i) => [
          r * Math.sin((i * 2 * Math.PI) / 3),
          -r * Math.cos((i * 2 * Math.PI) / 3) + r * 0.15
        ])
      )
    case 'star':
      return poly(
        Array.from({ length: 10 }, (_, i) => {
          const rr = i % 2 === 0 ? r : r * 0.42
          const t = (i * Math.PI) / 5
          return [rr * Math.sin(t), -rr * Math.cos(t) + r * 0.08] as [number, number]
        })
      )
    case 'cross': {
      const a = r * 0.9
      const b = r * 0.3
      return poly([
        [-b, -a],
        [b, -a],
        [b, -b],
        [a, -b],
        [a, b],
        [b, b],
        [b, a],
        [-b, a],
        [-b, b],
        [-a, b],
        [-a, -b],
        [-b, -b]
      ])
    }
  }
}

function shapeSvg(s: PlacedShape, id: number): string {
  const d = outline(s)
  const t = `translate(${s.cx.toFixed(2)},${s.cy.toFixed(2)}) rotate(${s.rotation.toFixed(1)})`
  const p = s.period
  let defs = ''
  let overlay = ''
  if (s.pattern === 'striped') {
    defs = `<pattern id="p${id}" patternUnits="userSpaceOnUse" width="${p}" height="${p}" patternTransform="rotate(${s.patternAngle.toFixed(1)})"><rect x="0" y="0" width="${p / 2}" height="${p}" fill="${hex(s.second)}"/></pattern>`
    overlay = `<path d="${d}" fill="url(#p${id})"/>`
  } else if (s.pattern === 'dotted') {
    defs = `<pattern id="p${id}" patternUnits="userSpaceOnUse" width="${p}" height="${p}" patternTransform="rotate(${s.patternAngle.toFixed(1)})"><circle cx="${p / 2}" cy="${p / 2}" r="${p * 0.27}" fill="${hex(s.second)}"/></pattern>`
    overlay = `<path d="${d}" fill="url(#p${id})"/>`
  }
  return `<defs>${defs}</defs><g transform="${t}"><path d="${d}" fill="${hex(s.fill)}"/>${overlay}</g>`
}

/** the scene's image file bytes (its format: PNG or JPEG) */
export async function renderScene(scene: Scene): Promise<Buffer> {
  const { width: w, height: h } = scene
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${scene.shapes.map(shapeSvg).join('')}</svg>`
  const img = sharp(backgroundPixels(scene), { raw: { width: w, height: h, channels: 3 } }).composite([
    { input: Buffer.from(svg), top: 0, left: 0 }
  ])
  return scene.format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer()
}
