import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeRows } from '../math/rows'
import { softmaxRows } from '../math/softmax'
import { loadEngine, type LoadedClipEngine } from './engine'
import { DEFAULT_TAG_NEGATIVES, buildTagScorer, coldStartProb, tagScoreMatrix } from './tag-scores'
import { readF32, TINY_CLIP_DIR } from './test-fixtures'
import { buildClassifier, classEmbedding, IMAGENET_7_TEMPLATES } from './zeroshot'

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i], 0)

describe('tag score matrix and cold start (plain matrices)', () => {
  // 3 images, 2 tags in 3 dims
  const images = normalizeRows(Float32Array.from([1, 0, 0, 0, 1, 0, 1, 1, 1]), 3, 3)
  const pos = normalizeRows(Float32Array.from([1, 1, 0, 0, 0, 1]), 2, 3)
  const neg = normalizeRows(Float32Array.from([0, 1, 0, 1, 0, 0]), 2, 3)
  const row = (m: Float32Array, i: number): Float32Array => m.subarray(i * 3, i * 3 + 3)

  it('is cos(image, pos) - cos(image, neg), image-major', () => {
    const s = tagScoreMatrix(images, 3, 3, pos, neg, 2)
    expect(s).toHaveLength(6)
    for (let i = 0; i < 3; i++)
      for (let t = 0; t < 2; t++) {
        const want = dot(row(images, i), row(pos, t)) - dot(row(images, i), row(neg, t))
        expect(s[i * 2 + t]).toBeCloseTo(want, 6)
      }
    expect(s[0]).toBeCloseTo(Math.SQRT1_2, 6) // image (1,0,0), tag 0: cos 0.707 - cos 0
  })

  it('is the plain cosine when there are no negatives (sigmoid-native models)', () => {
    const s = tagScoreMatrix(images, 3, 3, pos, null, 2)
    for (let i = 0; i < 3; i++)
      for (let t = 0; t < 2; t++) expect(s[i * 2 + t]).toBeCloseTo(dot(row(images, i), row(pos, t)), 6)
  })

  it('refuses tag matrices of the wrong shape', () => {
    expect(() => tagScoreMatrix(images, 3, 3, pos, neg.subarray(0, 3), 2)).toThrow(/2 × 3/)
    expect(() => tagScoreMatrix(images, 4, 3, pos, neg, 2)).toThrow(/not 4 × 3/)
  })

  it('cold start is the two-way softmax of the tag against its negatives at the logit scale', () => {
    const scale = 100
    for (let i = 0; i < 3; i++) {
      for (let t = 0; t < 2; t++) {
        const cp = dot(row(images, i), row(pos, t))
        const cn = dot(row(images, i), row(neg, t))
        const two = softmaxRows(Float32Array.from([cp, cn]), 2, scale)
        expect(coldStartProb(cp - cn, scale)).toBeCloseTo(two[0], 5)
      }
    }
  })

  it('cold start stays finite and in [0, 1] for any score, and is symmetric', () => {
    expect(coldStartProb(0, 100)).toBe(0.5)
    expect(coldStartProb(1e6, 100)).toBe(1)
    expect(coldStartProb(-1e6, 100)).toBe(0)
    expect(coldStartProb(-5, 100)).toBeGreaterThan(0) // e^-500: tiny, not rounded to 0 by 1 + e^500
    for (const s of [-0.3, -0.01, 0.002, 0.2])
      expect(coldStartProb(s, 100) + coldStartProb(-s, 100)).toBeCloseTo(1, 12)
    expect(coldStartProb(0, 10, 2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 12)
  })
})

describe('buildTagScorer with the tiny fixture model', () => {
  let engine: LoadedClipEngine
  beforeAll(async () => {
    engine = await loadEngine({ modelDir: TINY_CLIP_DIR, ep: 'cpu', threads: 2 })
  })
  afterAll(async () => {
    await engine.dispose()
  })

  it('builds the positive side as the classifier does and the negatives from the defaults', async () => {
    const tags = [{ name: 'zebra', descriptions: ['striped'] }, { name: 'cat' }]
    const templates = [...IMAGENET_7_TEMPLATES]
    const scorer = await buildTagScorer(engine, tags, templates)
    const d = engine.embedDim
    expect(scorer).toMatchObject({ dim: d, tags: 2 })
    const clf = await buildClassifier(engine, tags, templates)
    expect(Array.from(scorer.pos)).toEqual(Array.from(clf.weights))
    const defaults = classEmbedding(await engine.embedTexts([...DEFAULT_TAG_NEGATIVES]))
    expect(Array.from(scorer.neg!.subarray(0, d))).toEqual(Array.from(defaults))
    expect(Array.from(scorer.neg!.subarray(d))).toEqual(Array.from(defaults))
  })

  it("uses a tag's own negatives when it has any, the defaults when the list is empty", async () => {
    const own = ['a photo of a horse.', 'a photo of a donkey.']
    const scorer = await buildTagScorer(
      engine,
      [
        { name: 'zebra', negatives: own },
        { name: 'cat', negatives: [' ', ''] }
      ],
      ['a photo of a {}.']
    )
    const d = engine.embedDim
    const ownEmb = classEmbedding(await engine.embedTexts(own))
    const defaults = classEmbedding(await engine.embedTexts([...DEFAULT_TAG_NEGATIVES]))
    expect(Array.from(scorer.neg!.subarray(0, d))).toEqual(Array.from(ownEmb))
    expect(Array.from(scorer.neg!.subarray(d))).toEqual(Array.from(defaults))
    for (let t = 0; t < 2; t++) {
      expect(Math.hypot(...scorer.pos.subarray(t * d, (t + 1) * d))).toBeCloseTo(1, 5)
      expect(Math.hypot(...scorer.neg!.subarray(t * d, (t + 1) * d))).toBeCloseTo(1, 5)
    }
  })

  it('scores the fixture images: each probability is sigmoid(scale * s), independent per tag', async () => {
    const d = engine.embedDim
    const images = normalizeRows(readF32('image_embeds.f32'), readF32('image_embeds.f32').length / d, d)
    const n = images.length / d
    const two = await buildTagScorer(engine, [{ name: 'cat' }, { name: 'dog' }], ['a photo of a {}.'])
    const one = await buildTagScorer(engine, [{ name: 'cat' }], ['a photo of a {}.'])
    const s2 = tagScoreMatrix(images, n, d, two.pos, two.neg, 2)
    const s1 = tagScoreMatrix(images, n, d, one.pos, one.neg, 1)
    for (let i = 0; i < n; i++) {
      expect(s2[i * 2]).toBeCloseTo(s1[i], 6) // adding "dog" leaves "cat" alone
      const p = coldStartProb(s2[i * 2], 100)
      expect(p).toBeGreaterThanOrEqual(0)
      expect(p).toBeLessThanOrEqual(1)
    }
  })

  it('refuses no tags and a tag given twice', async () => {
    await expect(buildTagScorer(engine, [], ['a photo of a {}.'])).rejects.toThrow(/No tags/)
    await expect(
      buildTagScorer(engine, [{ name: 'cat' }, { name: 'cat' }], ['a photo of a {}.'])
    ).rejects.toThrow(/given twice/)
  })
})
