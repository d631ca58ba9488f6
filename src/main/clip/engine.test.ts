import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearTextCache, loadEngine, textCacheSize, type LoadedClipEngine } from './engine'
import { loadModelFolder } from './model-folder'
import { planProviders } from './session'
import {
  DEMO_DIR,
  TINY_CLIP_DIR,
  SAMPLES_DIR,
  maxAbsDiff,
  readF32,
  referenceImageNames,
  tokenizerCases
} from './test-fixtures'

let engine: LoadedClipEngine

beforeAll(async () => {
  engine = await loadEngine({ modelDir: TINY_CLIP_DIR, ep: 'cpu', threads: 2 })
})
afterAll(async () => {
  await engine.dispose()
})

describe('engine parity with the reference', () => {
  it('reproduces image_embeds.f32 from pixel_values.f32 within 1e-4', async () => {
    const pixels = readF32('pixel_values.f32')
    const ref = readF32('image_embeds.f32')
    const out = await engine.embedPixels(pixels, 13)
    const diff = maxAbsDiff(out, ref)
    console.log(`image embeddings max abs diff: ${diff}`)
    expect(diff).toBeLessThanOrEqual(1e-4)
  })

  it('reproduces text_embeds.f32 (padded to 77) with per-batch padding within 1e-4', async () => {
    clearTextCache()
    const cases = tokenizerCases()
    const ref = readF32('text_embeds.f32')
    const dynamic = await engine.embedTexts(cases.map((c) => c.text))
    const flat = new Float32Array(cases.length * engine.embedDim)
    dynamic.forEach((e, i) => flat.set(e, i * engine.embedDim))
    const diff = maxAbsDiff(flat, ref)
    // the same ids padded to 77 like the reference: padding after the end token changes nothing
    const padded = await engine.embedTokenIds(
      cases.map((c) => c.ids),
      { padTo: 77 }
    )
    const flat77 = new Float32Array(cases.length * engine.embedDim)
    padded.forEach((e, i) => flat77.set(e, i * engine.embedDim))
    const padDiff = maxAbsDiff(flat, flat77)
    console.log(`text embeddings max abs diff: ${diff} (dynamic vs 77-padded: ${padDiff})`)
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(padDiff).toBeLessThanOrEqual(1e-4)
  })

  it('embeds image files like the reference pixels, in batches', async () => {
    const files = referenceImageNames().map((n) => join(SAMPLES_DIR, n))
    const ref = readF32('image_embeds.f32')
    const progress: number[] = []
    const res = await engine.embedImages(files, { batch: 5, onProgress: (d) => progress.push(d) })
    expect(progress).toEqual([5, 10, 13])
    const flat = new Float32Array(files.length * engine.embedDim)
    res.forEach((r, i) => {
      expect(r.error).toBeUndefined()
      flat.set(r.embedding as Float32Array, i * engine.embedDim)
    })
    expect(maxAbsDiff(flat, ref)).toBeLessThanOrEqual(1e-4)
  })
})

describe('unreadable images in a batch', () => {
  it('reports the bad files and embeds the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zebra-bad-'))
    const text = join(dir, 'text.jpg')
    writeFileSync(text, 'not an image at all')
    const jpeg = readFileSync(join(SAMPLES_DIR, 'photo_rocket.jpg'))
    const cut = join(dir, 'cut.jpg')
    writeFileSync(cut, jpeg.subarray(0, 4000))
    const good = ['photo_chelsea.jpg', 'square_224x224.png', 'tiny_31x17.png'].map((n) =>
      join(SAMPLES_DIR, n)
    )
    const files = [good[0], text, good[1], cut, good[2]]
    const res = await engine.embedImages(files, { batch: 4 })
    expect(res.map((r) => r.file)).toEqual(files)
    expect(res[1].error).toMatch(/text\.jpg: cannot read image/)
    expect(res[3].error).toMatch(/cut\.jpg: cannot read image/)
    expect(res[1].embedding).toBeUndefined()
    const alone = await engine.embedImages(good)
    for (const [i, j] of [
      [0, 0],
      [2, 1],
      [4, 2]
    ]) {
      expect(maxAbsDiff(res[i].embedding as Float32Array, alone[j].embedding as Float32Array)).toBeLessThan(
        1e-5
      )
    }
  })
})

describe('text cache', () => {
  it('encodes a prompt once per model', async () => {
    clearTextCache()
    const a = await engine.embedTexts(['a photo of a zebra.', 'a photo of a horse.'])
    expect(textCacheSize()).toBe(2)
    const b = await engine.embedTexts(['a photo of a horse.', 'a photo of a zebra.', 'a photo of a zebra.'])
    expect(textCacheSize()).toBe(2)
    expect(maxAbsDiff(a[0], b[1])).toBe(0)
    // callers get copies: changing one does not change the cache
    b[0][0] = 1234
    const c = await engine.embedTexts(['a photo of a horse.'])
    expect(c[0][0]).not.toBe(1234)
  })
})

describe('execution providers', () => {
  it('falls back to cpu with the reason when the preferred provider cannot start', async () => {
    const e = await loadEngine({ modelDir: 'demo', ep: 'cuda', threads: 1 })
    try {
      expect(e.provider).toBe('cpu')
      expect(e.providerNote).toMatch(/^cuda: /)
      const out = await e.embedPixels(
        readF32('pixel_values.f32').subarray(0, 3 * e.imageSize * e.imageSize),
        1
      )
      expect(out.length).toBe(e.embedDim)
    } finally {
      await e.dispose()
    }
  })

  it('lets ZEBRA_EP override auto, and auto always ends at cpu', () => {
    expect(planProviders('auto', { ZEBRA_EP: 'cpu' }).order).toEqual(['cpu'])
    expect(planProviders('auto', { ZEBRA_EP: 'webgpu' }).order).toEqual(['webgpu', 'cpu'])
    expect(planProviders('cpu', { ZEBRA_EP: 'webgpu' }).order).toEqual(['cpu'])
    const auto = planProviders('auto', {})
    expect(auto.order.at(-1)).toBe('cpu')
    expect(() => planProviders('auto', { ZEBRA_EP: 'tpu' })).toThrow(/ZEBRA_EP=tpu/)
  })

  // how long "auto" takes is a figure of `npm run bench` (startup), not an assert here
  it('resolves auto to a provider of its plan on this machine', async () => {
    const e = await loadEngine({ modelDir: 'demo', threads: 1 })
    await e.dispose()
    expect(planProviders('auto', process.env).order).toContain(e.provider)
  })
})

describe('bad model folders', () => {
  function copyDemo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'zebra-model-'))
    mkdirSync(join(dir, 'onnx'))
    for (const f of readdirSync(DEMO_DIR))
      if (f.endsWith('.json') || f.endsWith('.txt')) copyFileSync(join(DEMO_DIR, f), join(dir, f))
    for (const f of readdirSync(join(DEMO_DIR, 'onnx')))
      copyFileSync(join(DEMO_DIR, 'onnx', f), join(dir, 'onnx', f))
    return dir
  }

  it('names a missing onnx file and the variants that are there', async () => {
    const dir = copyDemo()
    rmSync(join(dir, 'onnx', 'vision_model.onnx'))
    await expect(loadEngine({ modelDir: dir, variant: 'fp32' })).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(
        /no onnx\/vision_model\.onnx \(variant fp32\)\. Available variants here: quantized\./
      )
    })
    // without a variant the one that is complete is used
    expect((await loadModelFolder(dir)).variant).toBe('quantized')
  })

  it('names corrupt JSON', async () => {
    const dir = copyDemo()
    writeFileSync(join(dir, 'preprocessor_config.json'), '{"size": ')
    await expect(loadModelFolder(dir)).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/preprocessor_config\.json .*not valid JSON.*Download the model again/)
    })
  })

  it('names a missing config and a missing folder', async () => {
    await expect(loadModelFolder(join(tmpdir(), 'no-such-model-folder'))).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/Model folder not found.*use the demo model\.$/),
      details: expect.objectContaining({ remedy: 'choose_model' })
    })
    const empty = mkdtempSync(join(tmpdir(), 'zebra-empty-'))
    await expect(loadModelFolder(empty)).rejects.toMatchObject({
      message: expect.stringMatching(/no config\.json/)
    })
  })

  it('names a truncated onnx file', async () => {
    const dir = copyDemo()
    const f = join(dir, 'onnx', 'vision_model.onnx')
    const bytes = readFileSync(f)
    writeFileSync(f, bytes.subarray(0, bytes.length >> 1))
    await expect(loadEngine({ modelDir: dir, ep: 'cpu' })).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/onnx\/vision_model\.onnx could not be loaded.*download the model again/)
    })
  })

  it('gives a stable model id that changes with the variant and the files', async () => {
    const dir = copyDemo()
    const a = await loadModelFolder(dir)
    const b = await loadModelFolder(dir)
    const q = await loadModelFolder(dir, 'quantized')
    expect(a.modelId).toBe(b.modelId)
    expect(q.modelId).not.toBe(a.modelId)
    writeFileSync(
      join(dir, 'onnx', 'text_model.onnx'),
      Buffer.concat([readFileSync(join(dir, 'onnx', 'text_model.onnx')), Buffer.from([0])])
    )
    expect((await loadModelFolder(dir)).modelId).not.toBe(a.modelId)
  })
})
