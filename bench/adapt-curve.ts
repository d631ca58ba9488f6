// The adaptation learning curve on the synthetic shapes dataset (5 classes × 24 generated PNGs,
// src/main/adapt/testing/shapes.ts) embedded with the demo engine: zero-shot vs adapted top-1 on
// held-out images as reviewed images accumulate. Run: npx tsx bench/adapt-curve.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { learningCurve } from '../src/main/adapt/curve'
import { SHAPE_CLASSES, writeShapeDataset } from '../src/main/adapt/testing/shapes'
import { loadEngine } from '../src/main/clip/engine'
import { normalizeRows } from '../src/main/math/rows'

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-shapes-'))
  const perClass = Number(process.env.PER_CLASS ?? 24)
  const images = await writeShapeDataset(dir, { perClass, seed: 1 })
  const engine = await loadEngine({ modelDir: 'demo' })
  const d = engine.embedDim
  const res = await engine.embedImages(images.map((i) => i.file))
  const x = new Float32Array(images.length * d)
  res.forEach((r, i) => x.set(r.embedding!, i * d))
  normalizeRows(x, images.length, d)
  const c = SHAPE_CLASSES.length
  const t = await engine.embedTexts(SHAPE_CLASSES.map((k) => `a photo of a ${k.name}.`))
  const text = new Float32Array(c * d)
  t.forEach((v, k) => text.set(v, k * d))
  normalizeRows(text, c, d)
  const curve = learningCurve(
    { images: x, labels: images.map((i) => i.label), text, classes: c, dim: d },
    { seed: 0 }
  )
  console.log(`${images.length} images, ${c} classes, demo engine (random weights)`)
  console.log('| n | zero-shot top-1 | adapted top-1 |\n| --- | --- | --- |')
  for (const p of curve)
    console.log(`| ${p.n} | ${p.zeroshot_top1.toFixed(3)} | ${p.adapted_top1.toFixed(3)} |`)
  await engine.dispose()
  rmSync(dir, { recursive: true, force: true })
}

void main()
