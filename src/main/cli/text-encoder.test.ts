// `zebra project text-encoder` end to end: the real launcher from a temp folder outside the
// repository, on the sample project's images pre-labelled by the demo model (32-value embeddings),
// with the tiny M-CLIP of ViT-B/32's geometry (32-value text embeddings, Immich's layout) as the
// project's text encoder. Every image is re-scored from its cached embedding against M-CLIP's text
// embeddings; no image embedding changes.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mclipModelDir, mclipTokenCases } from '../clip/mclip-fixtures'
import { loadTextEncoder, type TextEncoder } from '../clip/mclip-text'
import { buildClassifier, classify } from '../clip/zeroshot'
import { createPrelabelled, TAGS, tagsWorkDir, type TagsWorkDir } from './testing/tags-project'

let w: TagsWorkDir
let file = ''
let mclip = ''

function all<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...args) as T[]
  } finally {
    db.close()
  }
}

function run(sql: string): void {
  const db = new Database(file, { fileMustExist: true })
  try {
    db.prepare(sql).run()
  } finally {
    db.close()
  }
}

type Row = { id: number; vec: Buffer; label: number; prob: number }
const scored = (): Row[] =>
  all<Row>(
    `SELECT i.id, e.vec, i.top1_label AS label, i.top1_prob AS prob FROM images i
     JOIN image_embeddings e ON e.image_id = i.id ORDER BY i.id`
  )

beforeAll(() => {
  w = tagsWorkDir('zebra-text-encoder-cli-')
  createPrelabelled(w, 's.zebra')
  file = join(w.cwd, 's.zebra')
  mclip = mclipModelDir('mclip-b32')
}, 120_000)

afterAll(() => {
  if (w) rmSync(w.cwd, { recursive: true, force: true })
})

describe('zebra project text-encoder', () => {
  it("scores the cached image embeddings with M-CLIP's prompts, and goes back with none", async () => {
    const before = scored()
    expect(before.length).toBeGreaterThan(5)
    expect(w.zebra('project', 'text-encoder', file).stdout).toMatch(/^the image model's own/)

    const set = w.zebra('project', 'text-encoder', file, mclip, '--json')
    expect(set.code, set.stderr).toBe(0)
    const res = JSON.parse(set.stdout) as { textEncoder: { embedDim: number; dir: string }; rescored: number }
    expect(res.textEncoder).toMatchObject({ embedDim: 32, dir: mclip })
    expect(res.rescored).toBe(before.length)

    const after = scored()
    // no image was embedded again
    after.forEach((r, i) => expect(r.vec.equals(before[i].vec), `image ${r.id}`).toBe(true))
    // the suggestions are M-CLIP's: the same zero-shot maths over its text embeddings
    const enc: TextEncoder = await loadTextEncoder(mclip, { ep: 'cpu', threads: 1 })
    try {
      const labels = all<{ id: number; name: string }>('SELECT id, name FROM labels ORDER BY id')
      expect(labels.map((l) => l.name)).toEqual(TAGS)
      const clf = await buildClassifier(
        enc,
        labels.map((l) => ({ name: l.name })),
        ['a photo of a {} shape.']
      )
      const D = 32
      const embeds = new Float32Array(after.length * D)
      after.forEach((r, i) => embeds.set(new Float32Array(r.vec.buffer, r.vec.byteOffset, D), i * D))
      const want = classify(embeds, clf, { temperature: 100, topK: 1 })
      after.forEach((r, i) => {
        expect(r.label, `image ${r.id}`).toBe(labels[want.top[i][0].index].id)
        expect(r.prob).toBeCloseTo(want.top[i][0].prob, 5)
      })
    } finally {
      await enc.dispose()
    }
    expect(after.some((r, i) => Math.abs(r.prob - before[i].prob) > 1e-3)).toBe(true)
    const keys = all<{ model_id: string }>('SELECT DISTINCT model_id FROM text_embeddings')
    expect(keys.some((k) => k.model_id.includes('+text:'))).toBe(true)

    // text search goes through the text encoder too: no model folder needed
    const search = w.zebra('search', file, 'ein rotes Quadrat', '--json', '--limit', '3')
    expect(search.code, search.stderr).toBe(0)
    expect((JSON.parse(search.stdout) as unknown[]).length).toBe(3)

    expect(w.zebra('project', 'text-encoder', file).stdout).toContain(mclip)
    const back = w.zebra('project', 'text-encoder', file, 'none')
    expect(back.code, back.stderr).toBe(0)
    expect(back.stdout).toMatch(/^the image model's own; \d+ images re-scored/)
    scored().forEach((r, i) => expect(r.prob).toBeCloseTo(before[i].prob, 6))
  }, 120_000)

  it('refuses what is not a text encoder for these images, and keeps the setting', () => {
    const whole = w.zebra('project', 'text-encoder', file, 'clip-vit-b32')
    expect(whole.code).toBe(2)
    expect(whole.stderr).toMatch(/is a whole model, not a text encoder.*mclip-xlmr-b32, mclip-xlmr-l14/)
    const missing = w.zebra('project', 'text-encoder', file, 'mclip-xlmr-l14')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/not downloaded yet: .*zebra models download --model mclip-xlmr-l14/)
    const empty = w.zebra('project', 'text-encoder', file, join(w.cwd, 'world'))
    expect(empty.code).toBe(1)
    expect(empty.stderr).toMatch(/config\.json/)
    run('UPDATE models SET embed_dim = 512')
    const dim = w.zebra('project', 'text-encoder', file, mclip)
    expect(dim.code).toBe(2)
    expect(dim.stderr).toMatch(/gives 32-value text embeddings but this project's images have 512/)
    run('UPDATE models SET embed_dim = 32')
    expect(w.zebra('project', 'text-encoder', file).stdout).toMatch(/^the image model's own/)
  })

  it("tokenises with an Immich-layout folder's SentencePiece tokenizer", () => {
    const cases = mclipTokenCases().slice(1, 5)
    const r = w.zebra('tokenize', '--model', mclip, ...cases.map((c) => c.text))
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual(cases.map((c) => ({ text: c.text, ids: c.ids })))
  })

  it('asks for a pre-labelled project first', () => {
    const r = w.zebra('init', 'fresh.zebra', '--images', 'world', '--labels', 'red,blue')
    expect(r.code, r.stderr).toBe(0)
    const set = w.zebra('project', 'text-encoder', join(w.cwd, 'fresh.zebra'), mclip)
    expect(set.code).toBe(2)
    expect(set.stderr).toMatch(/no image embeddings yet: pre-label it first/)
  })
})
