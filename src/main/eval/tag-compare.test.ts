import { describe, expect, it } from 'vitest'
import { compareTagTemplates, tagSetScore, type TagCompareInput } from './tag-compare'

/** A fixed text encoder for constructed cases: prompt → vector from a table. */
function tableEncoder(table: Record<string, number[]>): TagCompareInput['embedder'] {
  return {
    embedTexts: async (prompts) =>
      prompts.map((p) => {
        const v = table[p]
        if (!v) throw new Error(`no vector for prompt "${p}"`)
        return Float32Array.from(v)
      })
  }
}

describe('compareTagTemplates on a hand-computed case', () => {
  // Images x0=(1,0), x1=(0,1), x2=(.6,.8), x3=(.8,.6); both tags' negative n=(.6,.8).
  // Tag a: present on x0, x2; absent on x1, x3. Tag b: present on x1; absent on x0, x3; x2 undecided.
  const input: TagCompareInput = {
    images: Float32Array.from([1, 0, 0, 1, 0.6, 0.8, 0.8, 0.6]),
    n: 4,
    dim: 2,
    truth: Int8Array.from([1, 0, 0, 1, 1, -1, 0, 0]),
    tags: [
      { name: 'a', negatives: ['none'] },
      { name: 'b', negatives: ['none'] }
    ],
    sets: [
      { name: 'P', templates: ['p {}'] },
      { name: 'Q', templates: ['q {}', 'q {}'] }
    ],
    embedder: tableEncoder({
      'p a': [1, 0],
      'p b': [0, 1],
      'q a': [0, 1],
      'q b': [1, 0],
      none: [0.6, 0.8]
    })
  }

  it('scores each set tag by tag: P/R/F1 at 0.5, AP and mAP over decided pairs only', async () => {
    const { section, scorers } = await compareTagTemplates(input, { scale: 10, target: 0.9 })
    expect(section).toMatchObject({ images: 4, tags: ['a', 'b'], target: 0.9, scale: 10, best: 'P' })
    expect(scorers).toHaveLength(2)
    const [p, q] = section.sets
    // P, a: s = x·(1,0) − x·n = .4, −.8, −.4, −.16: x0 P, x3 A, x2 P, x1 A → AP ½ + ½·⅔;
    // at s ≥ 0 only x0: precision 1, recall ½
    expect(p.templates).toEqual(['p {}'])
    expect(p.perTag[0]).toMatchObject({ label: 'a', present: 2, absent: 2 })
    expect(p.perTag[0].ap).toBeCloseTo(5 / 6, 6)
    expect(p.perTag[0].atHalf.precision).toBe(1)
    expect(p.perTag[0].atHalf.recall).toBe(0.5)
    expect(p.perTag[0].atHalf.f1).toBeCloseTo(2 / 3, 12)
    // P, b: s = −.6, .2, (−.2 undecided), −.36: perfect
    expect(p.perTag[1]).toMatchObject({ label: 'b', present: 1, absent: 2, ap: 1 })
    expect(p.perTag[1].atHalf).toEqual({ precision: 1, recall: 1, f1: 1 })
    expect(p.mAP).toBeCloseTo((5 / 6 + 1) / 2, 6)
    expect(p.microF1).toBeCloseTo(4 / 5, 12) // tp 2, fp 0, fn 1
    // Q (duplicate template once), a: s = −.6, .2, −.2, −.36: x1 A, x2 P, x3 A, x0 P → AP ½·½ + ½·½
    expect(q.templates).toEqual(['q {}'])
    expect(q.perTag[0].ap).toBeCloseTo(0.5, 6)
    expect(q.perTag[0].atHalf).toEqual({ precision: 0, recall: 0, f1: 0 })
    // Q, b: s = .4, −.8, −.16: x0 A, x3 A, x1 P → AP ⅓
    expect(q.perTag[1].ap).toBeCloseTo(1 / 3, 6)
    expect(q.mAP).toBeCloseTo((0.5 + 1 / 3) / 2, 6)
    expect(q.microF1).toBe(0)
    // 4 decisions per tag are too few for a threshold: withheld, with nothing at it
    for (const t of [...p.perTag, ...q.perTag]) {
      expect(t.threshold.kind).toBe('withheld')
      expect(t.atThreshold).toBeNull()
    }
  })

  it('refuses mismatched shapes and an empty comparison with a clear message', async () => {
    await expect(
      compareTagTemplates({ ...input, truth: new Int8Array(3) }, { scale: 10, target: 0.9 })
    ).rejects.toMatchObject({
      code: 'invalid_input'
    })
    await expect(
      compareTagTemplates({ ...input, sets: [{ name: 'none', templates: [] }] }, { scale: 10, target: 0.9 })
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'No template sets to compare.' })
    await expect(
      compareTagTemplates({ ...input, tags: [] }, { scale: 10, target: 0.9 })
    ).rejects.toMatchObject({
      code: 'invalid_input'
    })
  })
})

describe('tagSetScore at the tag threshold', () => {
  // 24 images of one tag, s_i = (i − 12) / 12, p = sigmoid(10 s): present for i ≥ 12 but i = 13,
  // and for i = 5. From i = 12 up: 11 of 12 present (.917 ≥ .9); from i = 11: 11 of 13 (.846).
  // p_11 = sigmoid(−.833) = .303, so the lowest grid threshold keeping only i ≥ 12 is 0.31.
  const s = Float32Array.from({ length: 24 }, (_, i) => (i - 12) / 12)
  const truth = Int8Array.from({ length: 24 }, (_, i) => (i === 5 || (i >= 12 && i !== 13) ? 1 : 0))

  it("reads precision, recall and F1 at the tag's own threshold", () => {
    const r = tagSetScore({ name: 'x', templates: ['{}'] }, s, truth, ['t'], { scale: 10, target: 0.9 })
    const [t] = r.perTag
    expect(t.threshold).toMatchObject({ kind: 'ok', threshold: 0.31 })
    expect(t.atThreshold!.precision).toBeCloseTo(11 / 12, 12)
    expect(t.atThreshold!.recall).toBeCloseTo(11 / 12, 12)
    expect(t.atThreshold!.f1).toBeCloseTo(11 / 12, 12)
    // at 0.5 the same 12 images (p_12 = .5 exactly)
    expect(t.atHalf.precision).toBeCloseTo(11 / 12, 12)
    expect(t.atHalf.recall).toBeCloseTo(11 / 12, 12)
    expect(t).toMatchObject({ present: 12, absent: 12 })
  })

  it('ranks saturated probabilities by their logits (no ties at p = 1)', () => {
    // at scale 1000 every p of the top half rounds to 1; the ranking is still the scores'
    const r = tagSetScore({ name: 'x', templates: ['{}'] }, s, truth, ['t'], { scale: 1000, target: 0.9 })
    const r10 = tagSetScore({ name: 'x', templates: ['{}'] }, s, truth, ['t'], { scale: 10, target: 0.9 })
    expect(r.perTag[0].ap).toBe(r10.perTag[0].ap)
    expect(r.mAP).toBeLessThan(1)
  })
})
