// Parity of every catalog geometry with references made by PyTorch + PIL
// (scripts/clip-models/make_geometry_fixtures.py), the way tiny-clip proves ViT-B/32: patch 16,
// patch 14, 336 px input, and MobileCLIP's layout (no projection_dim in config.json, bilinear,
// no normalisation, 256 px, a text encoder that sees its padding).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearTextCache, loadEngine, type LoadedClipEngine } from './engine'
import {
  GEOMETRIES,
  geometryF32,
  geometryJson,
  geometryManifest,
  geometryModelDir,
  referencePixels,
  type Geometry
} from './geometry-fixtures'
import { loadModelFolder } from './model-folder'
import { preprocessImage } from './preprocess'
import { SAMPLES_DIR, TINY_CLIP_DIR, maxAbsDiff, tokenizerCases, type ZeroshotRef } from './test-fixtures'
import { buildClassifier, classify } from './zeroshot'

const CROP: Record<Geometry, number> = { 'vit-b16': 224, 'vit-l14': 224, 'vit-l14-336': 336, mobileclip: 256 }

describe.each(GEOMETRIES)('%s parity with PyTorch + PIL', (g) => {
  const m = geometryManifest(g)
  const crop = CROP[g]
  const per = 3 * crop * crop
  let dir = ''
  let engine: LoadedClipEngine
  beforeAll(async () => {
    dir = geometryModelDir(g)
    engine = await loadEngine({ modelDir: dir, ep: 'cpu', threads: 2 })
  })
  afterAll(async () => {
    await engine.dispose()
  })

  it('reads its preprocessing and sizes from the folder', async () => {
    const f = await loadModelFolder(dir)
    expect(f.preprocess.cropSize).toBe(crop)
    expect(f.preprocess.shortestEdge).toBe(crop)
    // the reference stored its constants as float32
    f.preprocess.mean.forEach((v, c) => expect(v).toBeCloseTo(m.normalise.mean[c], 6))
    f.preprocess.std.forEach((v, c) => expect(v).toBeCloseTo(m.normalise.std[c], 6))
    expect(f.preprocess.resample).toBe(g === 'mobileclip' ? 2 : 3)
    expect(f.embedDim).toBe(g === 'mobileclip' ? null : 32)
    expect(engine.embedDim).toBe(32)
    expect(engine.imageSize).toBe(crop)
    expect(engine.textPadding).toBe(g === 'mobileclip' ? 'fixed' : 'dynamic')
  })

  it('preprocesses the images like PIL', async () => {
    const f = await loadModelFolder(dir)
    const ref = referencePixels(g)
    const rows: { image: string; meanAbs: number; maxAbs: number }[] = []
    for (const [i, name] of m.images.entries()) {
      const px = await preprocessImage(join(SAMPLES_DIR, name), f.preprocess)
      const r = ref.subarray(i * per, (i + 1) * per)
      let sum = 0
      for (let j = 0; j < per; j++) sum += Math.abs(px[j] - r[j])
      rows.push({ image: name, meanAbs: sum / per, maxAbs: maxAbsDiff(px, r) })
    }
    console.table(rows)
    // one 8-bit step in the model's units: lossless files must match PIL's bytes exactly
    const step = m.normalise.rescale_factor / Math.min(...m.normalise.std) + 1e-6
    for (const r of rows) {
      expect(r.meanAbs, r.image).toBeLessThanOrEqual(0.02)
      if (r.image.endsWith('.png')) expect(r.maxAbs, r.image).toBeLessThanOrEqual(step)
    }
  })

  it('reproduces image_embeds from the reference pixels within 1e-4, and from the files', async () => {
    const ref = geometryF32(g, 'image_embeds.f32')
    const out = await engine.embedPixels(referencePixels(g), m.images.length)
    expect(maxAbsDiff(out, ref)).toBeLessThanOrEqual(1e-4)
    const res = await engine.embedImages(m.images.map((n) => join(SAMPLES_DIR, n)))
    const flat = new Float32Array(ref.length)
    res.forEach((r, i) => flat.set(r.embedding as Float32Array, i * 32))
    const diff = maxAbsDiff(flat, ref)
    console.log(`${g}: image embeddings from files, max abs diff ${diff}`)
    expect(diff).toBeLessThanOrEqual(2e-3)
  })

  it('reproduces text_embeds (77-padded reference) within 1e-4', async () => {
    clearTextCache()
    const cases = tokenizerCases()
    const ref = geometryF32(g, 'text_embeds.f32')
    const got = await engine.embedTexts(cases.map((c) => c.text))
    const flat = new Float32Array(ref.length)
    got.forEach((e, i) => flat.set(e, i * 32))
    expect(maxAbsDiff(flat, ref)).toBeLessThanOrEqual(1e-4)
    if (g === 'mobileclip') {
      // the fixture does exercise the padding: unpadded ids give another embedding
      const [short] = await engine.embedTokenIds([cases[0].ids], { padTo: cases[0].ids.length })
      expect(maxAbsDiff(short, ref.subarray(0, 32))).toBeGreaterThan(1e-2)
    }
  })

  it('reproduces the zero-shot probabilities within 1e-4 and the same top-5', async () => {
    const ref = geometryJson<Omit<ZeroshotRef, 'per_template_probs'>>(g, 'zeroshot.json')
    const clf = await buildClassifier(
      engine,
      ref.classes.map((name) => ({ name })),
      ref.templates
    )
    const res = classify(geometryF32(g, 'image_embeds.f32'), clf, { temperature: ref.temperature, topK: 5 })
    const C = ref.classes.length
    let diff = 0
    ref.images.forEach((im, i) =>
      im.probs.forEach((p, c) => (diff = Math.max(diff, Math.abs(p - res.probs[i * C + c]))))
    )
    expect(diff).toBeLessThanOrEqual(1e-4)
    res.top.forEach((t, i) => expect(t.map((e) => e.label)).toEqual(ref.images[i].top5))
  })
})

describe('configs that do not fit the graphs', () => {
  it('names a crop size the vision graph does not take', async () => {
    const dir = geometryModelDir('vit-b16')
    const pre = JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8')) as Record<
      string,
      unknown
    >
    writeFileSync(
      join(dir, 'preprocessor_config.json'),
      JSON.stringify({ ...pre, crop_size: { height: 256, width: 256 }, size: { shortest_edge: 256 } })
    )
    await expect(loadEngine({ modelDir: dir, ep: 'cpu', threads: 1 })).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/crops images to 256 px but onnx\/vision_model\.onnx takes 224 px/)
    })
  })
})

describe('text padding of a causal CLIP', () => {
  it('stays dynamic for the quantized graph too (its activation scales move padding by far less)', async () => {
    const e = await loadEngine({ modelDir: TINY_CLIP_DIR, variant: 'quantized', ep: 'cpu', threads: 1 })
    try {
      expect(e.textPadding).toBe('dynamic')
    } finally {
      await e.dispose()
    }
  })
})
