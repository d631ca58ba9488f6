// SigLIP 2 end to end through the engine, against PyTorch + SentencePiece references on tiny models
// of both base geometries (224 and 256 px, patch 16) in onnx-community's layout, loaded as they are.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearTextCache, loadEngine, type LoadedClipEngine } from './engine'
import { loadModelFolder } from './model-folder'
import {
  SIGLIP_GEOMETRIES,
  siglipDir,
  siglipF32,
  siglipImages,
  siglipJson,
  siglipPixels,
  siglipTokenCases,
  type SiglipLogitsRef,
  type SiglipZeroshotRef
} from './siglip-fixtures'
import { buildTagScorer, coldStartProb, tagColdStart, tagScoreMatrix } from './tag-scores'
import { SAMPLES_DIR, maxAbsDiff } from './test-fixtures'
import { buildClassifier, classify } from './zeroshot'
import { normalizeRows } from '../math/rows'

describe.each(SIGLIP_GEOMETRIES)('%s parity with PyTorch + SentencePiece', (g) => {
  const size = g === 'siglip2-224' ? 224 : 256
  const images = siglipImages(g)
  let engine: LoadedClipEngine
  beforeAll(async () => {
    engine = await loadEngine({ modelDir: siglipDir(g), ep: 'cpu', threads: 2 })
  })
  afterAll(async () => {
    await engine.dispose()
  })

  it('loads the published layout: sizes, fixed 64-token padding, the model’s own sigmoid', async () => {
    const f = await loadModelFolder(siglipDir(g))
    expect(f.family).toBe('siglip')
    expect(f.contextLength).toBe(64)
    expect(f.embedDim).toBeNull()
    expect(f.preprocess).toMatchObject({ cropSize: size, resizeTo: { width: size, height: size } })
    expect(f.preprocess.resample).toBe(2)
    expect(f.preprocess.mean).toEqual([0.5, 0.5, 0.5])
    expect(engine.embedDim).toBe(32)
    expect(engine.imageSize).toBe(size)
    expect(engine.textPadding).toBe('fixed')
    expect(engine.tokenizer.padId).toBe(0)
    expect(engine.scoring.kind).toBe('sigmoid')
  })

  it('reproduces the image embeddings from the reference pixels within 1e-4, and from the files', async () => {
    const ref = siglipF32(g, 'image_embeds.f32')
    const out = await engine.embedPixels(siglipPixels(g), images.length)
    expect(maxAbsDiff(out, ref)).toBeLessThanOrEqual(1e-4)
    const res = await engine.embedImages(images.map((n) => join(SAMPLES_DIR, n)))
    const flat = new Float32Array(ref.length)
    res.forEach((r, i) => flat.set(r.embedding as Float32Array, i * 32))
    const diff = maxAbsDiff(flat, ref)
    console.log(`${g}: image embeddings from files (bilinear squash), max abs diff ${diff}`)
    expect(diff).toBeLessThanOrEqual(5e-3)
  })

  it('reproduces the text embeddings of every script within 1e-4', async () => {
    clearTextCache()
    const cases = siglipTokenCases()
    const ref = siglipF32(null, 'text_embeds.f32')
    const got = await engine.embedTexts(cases.map((c) => c.text))
    const flat = new Float32Array(ref.length)
    got.forEach((e, i) => flat.set(e, i * 32))
    const diff = maxAbsDiff(flat, ref)
    console.log(`${g}: text embeddings, ${cases.length} cases, max abs diff ${diff}`)
    expect(diff).toBeLessThanOrEqual(1e-4)
    // the encoder does see its padding: unpadded ids give another embedding
    const ids = engine.tokenizer.encode(cases[0].text)
    const [short] = await engine.embedTokenIds([ids], { padTo: ids.length })
    expect(maxAbsDiff(short, ref.subarray(0, 32))).toBeGreaterThan(1e-2)
  })

  it("gives the combined graph's logits as scale · cos + bias within 1e-4", async () => {
    const ref = siglipJson<SiglipLogitsRef>(g, 'logits.json')
    if (engine.scoring.kind !== 'sigmoid') throw new Error('not sigmoid')
    const { scale, bias } = engine.scoring
    const texts = normalizeRows(siglipF32(null, 'text_embeds.f32').slice(0, ref.texts * 32), ref.texts, 32)
    const imgs = normalizeRows(await engine.embedPixels(siglipPixels(g), images.length), images.length, 32)
    const s = tagScoreMatrix(imgs, images.length, 32, texts, null, ref.texts)
    const logits = Array.from(s, (cos) => scale * cos + bias)
    expect(maxAbsDiff(logits, ref.logits_per_image.flat())).toBeLessThanOrEqual(1e-4)
  })

  it('zero-shot: sigmoid probabilities within 1e-4 and the same top-5', async () => {
    const ref = siglipJson<SiglipZeroshotRef>(g, 'zeroshot.json')
    const clf = await buildClassifier(
      engine,
      ref.classes.map((name) => ({ name })),
      ref.templates
    )
    const res = classify(siglipF32(g, 'image_embeds.f32'), clf, { topK: 5, scoring: engine.scoring })
    const C = ref.classes.length
    const want = ref.images.flatMap((im) => im.probs)
    expect(maxAbsDiff(res.probs, want)).toBeLessThanOrEqual(1e-4)
    res.top.forEach((t, i) => expect(t.map((e) => e.label)).toEqual(ref.images[i].top5))
    // independent per label: a row need not sum to 1, and adding a label changes no other's
    const fewer = await buildClassifier(engine, [{ name: ref.classes[0] }], ref.templates)
    const one = classify(siglipF32(g, 'image_embeds.f32'), fewer, { scoring: engine.scoring })
    one.probs.forEach((p, i) => expect(p).toBeCloseTo(res.probs[i * C], 6))
  })

  it("tags: the cold start is the model's sigmoid on the tag's cosine, equal to its zero-shot", async () => {
    const ref = siglipJson<SiglipZeroshotRef>(g, 'zeroshot.json')
    const cs = tagColdStart(engine.scoring, 100)
    expect(cs.negatives).toBe(false)
    const tags = ref.classes.map((name) => ({ name }))
    const scorer = await buildTagScorer(engine, tags, ref.templates, { negatives: cs.negatives })
    expect(scorer.neg).toBeNull()
    const n = images.length
    const x = normalizeRows(siglipF32(g, 'image_embeds.f32'), n, 32)
    const s = tagScoreMatrix(x, n, 32, scorer.pos, scorer.neg, scorer.tags)
    const p = Array.from(s, (v) => coldStartProb(v, cs.scale, cs.bias))
    expect(
      maxAbsDiff(
        p,
        ref.images.flatMap((im) => im.probs)
      )
    ).toBeLessThanOrEqual(1e-4)
  })
})
