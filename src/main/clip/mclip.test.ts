// M-CLIP in Immich's layout, loaded as published, against references made with sentencepiece +
// torch (scripts/clip-models/make_mclip_fixtures.py) on tiny models of ViT-B/32's and ViT-L/14's
// geometry: exact tokens, text and image embeddings within 1e-4.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from './engine'
import { geometryManifest, referencePixels } from './geometry-fixtures'
import { MCLIP_GEOMETRIES, mclipF32, mclipModelDir, mclipTokenCases } from './mclip-fixtures'
import { loadTextEncoder } from './mclip-text'
import { SAMPLES_DIR, maxAbsDiff } from './test-fixtures'

const D = 32

describe.each(MCLIP_GEOMETRIES)('%s (Immich layout) parity with sentencepiece + torch', (g) => {
  let dir = ''
  let engine: LoadedClipEngine
  beforeAll(async () => {
    dir = mclipModelDir(g)
    engine = await loadEngine({ modelDir: dir, ep: 'cpu', threads: 2 })
  })
  afterAll(async () => {
    await engine.dispose()
  })

  it('reads sizes and padding from the folder and the graphs', () => {
    expect(engine.embedDim).toBe(D)
    expect(engine.imageSize).toBe(224)
    expect(engine.contextLength).toBe(77)
    // the b32 graph is exported as Immich does now: int32 [1, 77]; the l14 one with dynamic axes
    expect(engine.textPadding).toBe(g === 'mclip-b32' ? 'fixed' : 'dynamic')
    expect(engine.folder.preprocess).toMatchObject({ shortestEdge: 224, cropSize: 224, resample: 3 })
  })

  it('tokenises every script exactly and embeds the prompts within 1e-4', async () => {
    const cases = mclipTokenCases()
    for (const c of cases) expect(engine.tokenizer.encode(c.text), c.text).toEqual(c.ids)
    const ref = mclipF32(g, 'text_embeds.f32')
    const got = await engine.embedTexts(cases.map((c) => c.text))
    const flat = new Float32Array(ref.length)
    got.forEach((e, i) => flat.set(e, i * D))
    const diff = maxAbsDiff(flat, ref)
    console.log(`${g}: ${cases.length} prompts, text embeddings max abs diff ${diff}`)
    expect(diff).toBeLessThanOrEqual(1e-4)
  })

  it('gives the same text embeddings alone, as a project text encoder', async () => {
    const enc = await loadTextEncoder(dir, { ep: 'cpu', threads: 1 })
    try {
      const cases = mclipTokenCases()
      const ref = mclipF32(g, 'text_embeds.f32')
      const got = await enc.embedTokenIds(cases.map((c) => c.ids))
      got.forEach((e, i) => expect(maxAbsDiff(e, ref.subarray(i * D, (i + 1) * D))).toBeLessThanOrEqual(1e-4))
      expect(enc.id).toMatch(/^[0-9a-f]{32}$/)
    } finally {
      await enc.dispose()
    }
  })

  it('embeds the reference pixels within 1e-4, and the image files', async () => {
    const images = geometryManifest('vit-l14').images
    const ref = mclipF32(g, 'image_embeds.f32')
    const out = await engine.embedPixels(referencePixels('vit-l14'), images.length)
    expect(maxAbsDiff(out, ref)).toBeLessThanOrEqual(1e-4)
    const res = await engine.embedImages(images.map((n) => join(SAMPLES_DIR, n)))
    const flat = new Float32Array(ref.length)
    res.forEach((r, i) => flat.set(r.embedding as Float32Array, i * D))
    expect(maxAbsDiff(flat, ref)).toBeLessThanOrEqual(2e-3)
  })
})

describe('Immich-layout folders that are not whole', () => {
  it('names a missing preprocess_cfg.json and a resize mode Zebra does not do', async () => {
    const dir = mclipModelDir('mclip-b32')
    const cfg = join(dir, 'visual', 'preprocess_cfg.json')
    const pre = JSON.parse(readFileSync(cfg, 'utf8')) as Record<string, unknown>
    writeFileSync(cfg, JSON.stringify({ ...pre, resize_mode: 'longest' }))
    await expect(loadEngine({ modelDir: dir, ep: 'cpu', threads: 1 })).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/resize_mode "longest"/)
    })
    rmSync(cfg)
    await expect(loadEngine({ modelDir: dir, ep: 'cpu', threads: 1 })).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/preprocess_cfg\.json/)
    })
  })

  it('refuses a text encoder whose tokenizer.json is missing', async () => {
    const dir = mclipModelDir('mclip-l14')
    rmSync(join(dir, 'textual', 'tokenizer.json'))
    await expect(loadTextEncoder(dir, { ep: 'cpu' })).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/tokenizer\.json/)
    })
  })
})
