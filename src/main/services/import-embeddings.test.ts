// embeddings.import and compare.models through the services, on a real project of the sample
// photos pre-labelled with the demo model: clip-retrieval folders (float16 npy, parquet and CSV
// metadata) written here from real engines, imported, and checked against scoring the same vectors
// directly; refusals (dimension, another model's vectors, unknown id, no text encoder) write
// nothing; the model comparison lists every embedded model, and says which folder a model needs.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { parquetWriteFile } from 'hyparquet-writer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type EventChannel,
  type EventMap,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type JobProgress
} from '../../shared/contract'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { NpyMatrix, npyBytes } from '../clip/npy'
import { TINY_CLIP_DIR } from '../clip/test-fixtures'
import { buildClassifier, classify, l2normalize } from '../clip/zeroshot'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir = ''
let s: Services
let photos = ''
let project = ''
let files: string[] = []
const ended = new Map<string, JobProgress>()
const waiting = new Map<string, (p: JobProgress) => void>()
const LABELS = ['cat', 'coffee', 'rocket', 'motorcycle', 'astronaut']

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

function jobEnd(jobId: string): Promise<JobProgress> {
  const done = ended.get(jobId)
  return done ? Promise.resolve(done) : new Promise((ok) => waiting.set(jobId, ok))
}

/** Every table an import may write, as rows (a refused import must leave them all as they were). */
function snapshot(): Record<string, unknown[]> {
  const db = new Database(project, { readonly: true })
  try {
    const out: Record<string, unknown[]> = {}
    for (const t of [
      'image_embeddings',
      'predictions',
      'models',
      'model_runs',
      'text_embeddings',
      'images',
      'decisions'
    ])
      out[t] = db.prepare(`SELECT * FROM ${t}`).all()
    return out
  } finally {
    db.close()
  }
}

/** Embeds `list` with `engine`, L2-normalised and rounded to float16 as clip-retrieval stores them. */
async function clipRetrievalVectors(engine: LoadedClipEngine, list: string[]): Promise<Float32Array> {
  const res = await engine.embedImages(list)
  const m = new Float32Array(list.length * engine.embedDim)
  res.forEach((r, i) => m.set(l2normalize(r.embedding!), i * engine.embedDim))
  return m
}

function writeFolder(
  out: string,
  parts: { index: string; paths: string[]; vecs: Float32Array; dim: number; csv?: boolean }[]
): string {
  mkdirSync(join(out, 'img_emb'), { recursive: true })
  mkdirSync(join(out, 'metadata'), { recursive: true })
  for (const p of parts) {
    writeFileSync(
      join(out, 'img_emb', `img_emb_${p.index}.npy`),
      npyBytes(p.vecs, p.paths.length, p.dim, 'f2')
    )
    if (p.csv)
      writeFileSync(
        join(out, 'metadata', `metadata_${p.index}.csv`),
        `image_path,caption\n${p.paths.map((x) => `${x},`).join('\n')}\n`
      )
    else
      parquetWriteFile({
        filename: join(out, 'metadata', `metadata_${p.index}.parquet`),
        columnData: [{ name: 'image_path', data: p.paths, type: 'STRING' }]
      })
  }
  return out
}

async function readBack(file: string): Promise<Float32Array> {
  const m = await NpyMatrix.open(file)
  try {
    return await m.readRows(0, m.rows)
  } finally {
    await m.close()
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-import-emb-'))
  process.env.ZEBRA_HOME = join(dir, 'home')
  photos = join(dir, 'photos')
  cpSync(sampleImagesDir(), photos, { recursive: true })
  files = readdirSync(photos)
    .sort()
    .map((f) => join(photos, f))
  s = createServices({
    emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => {
      if (ch !== 'job.progress') return
      const p = payload as JobProgress
      if (p.state === 'running') return
      ended.set(p.jobId, p)
      waiting.get(p.jobId)?.(p)
    },
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
  await call('model.useDemo', {})
  project = join(dir, 'p.zebra')
  await call('project.create', { path: project, roots: [photos], labels: LABELS.map((name) => ({ name })) })
  const scan = (await call('jobs.list', {})).find((j) => j.kind === 'scan')
  if (scan) await jobEnd(scan.jobId)
  expect(await jobEnd((await call('prelabel.start', {})).jobId)).toMatchObject({ state: 'done', done: 13 })
}, 120_000)

afterAll(async () => {
  await s?.dispose()
  delete process.env.ZEBRA_HOME
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('embeddings.import', () => {
  it('imports a clip-retrieval folder and scores it as if pre-labelled here', async () => {
    const q = await loadEngine({ modelDir: 'demo', variant: 'quantized' })
    const vecs = await clipRetrievalVectors(q, files.slice(0, 12))
    await q.dispose()
    const d = q.embedDim
    // part 0: absolute paths (clip-retrieval given an absolute folder), parquet metadata;
    // part 1: paths relative to the root and to its parent, one not in the project, one twice; CSV
    const rel = (f: string): string => f.slice(photos.length + 1)
    const part1 = [rel(files[10]!), `photos/${rel(files[11]!)}`, '/elsewhere/not-here.jpg', files[0]!]
    const v1 = new Float32Array(4 * d)
    v1.set(vecs.subarray(10 * d, 12 * d))
    v1.set(vecs.subarray(0, d), 2 * d)
    v1.set(vecs.subarray(0, d), 3 * d)
    const emb = writeFolder(join(dir, 'emb-q'), [
      { index: '0', paths: files.slice(0, 10), vecs: vecs.subarray(0, 10 * d), dim: d },
      { index: '1', paths: part1, vecs: v1, dim: d, csv: true }
    ])
    const r = await call('embeddings.import', { dir: emb, model: 'demo', variant: 'quantized' })
    expect(r).toMatchObject({
      modelId: q.modelId,
      variant: 'quantized',
      dim: 32,
      parts: 2,
      rows: 14,
      matched: 12,
      unmatched: 1,
      refused: 1
    })
    expect(r.unmatchedExamples).toEqual(['/elsewhere/not-here.jpg'])
    expect(r.refusedExamples).toEqual([{ path: files[0], reason: expect.stringMatching(/listed twice/) }])
    expect(r.verified).toMatch(/images embedded here with it to compare \(median cosine (0\.99\d|1\.000)\)/)

    // what was stored is the file's vectors, and the suggestions are those vectors scored directly
    const stored = await readBack(join(emb, 'img_emb', 'img_emb_0.npy'))
    const summary = (await call('project.summary', {}))!
    const templates = summary.templateSets.find((t) => t.id === summary.activeTemplateSetId)!.templates
    const qe = await loadEngine({ modelDir: 'demo', variant: 'quantized' })
    const direct = classify(
      stored,
      await buildClassifier(
        qe,
        LABELS.map((name) => ({ name })),
        templates
      ),
      { temperature: summary.settings.temperature, topK: 5 }
    )
    await qe.dispose()
    const byName = new Map(summary.labels.map((l) => [l.id, l.name]))
    const db = new Database(project, { readonly: true })
    try {
      for (let i = 0; i < 10; i++) {
        const row = db
          .prepare(
            `SELECT e.vec, p.model_id, p.topk FROM images i JOIN image_embeddings e ON e.image_id = i.id AND e.model_id = ?
                    JOIN predictions p ON p.image_id = i.id WHERE i.rel_path = ?`
          )
          .get(q.modelId, rel(files[i]!)) as { vec: Buffer; model_id: string; topk: string }
        const vec = new Float32Array(
          row.vec.buffer.slice(row.vec.byteOffset, row.vec.byteOffset + row.vec.byteLength)
        )
        expect(Array.from(vec)).toEqual(Array.from(stored.subarray(i * d, (i + 1) * d)))
        expect(row.model_id).toBe(q.modelId)
        const top = (JSON.parse(row.topk) as [number, number][]).map(([id, p]) => [byName.get(id), p])
        expect(top.map((t) => t[0])).toEqual(direct.top[i]!.map((t) => t.label))
        top.forEach((t, k) => expect(t[1]).toBeCloseTo(direct.top[i]![k]!.prob, 5))
      }
      expect(
        db.prepare(`SELECT kind, images, seconds FROM model_runs WHERE model_id = ?`).all(q.modelId)
      ).toEqual([{ kind: 'import', images: 12, seconds: null }])
    } finally {
      db.close()
    }
    // review shows them: the queue's suggestions come from the imported model
    const item = await call('review.get', { imageId: 1, order: 'file', status: 'all' })
    expect(item.suggestions.length).toBe(5)
  })

  it('refuses embeddings of another dimension, writing nothing', async () => {
    const before = snapshot()
    const emb = writeFolder(join(dir, 'emb-16'), [
      { index: '0', paths: files.slice(0, 3), vecs: new Float32Array(3 * 16).fill(0.25), dim: 16 }
    ])
    await expect(call('embeddings.import', { dir: emb, model: 'demo' })).rejects.toThrow(
      /have 16 dimensions but demo-model \(fp32\) makes 32-dimensional ones.*Nothing was imported/
    )
    expect(snapshot()).toEqual(before)
  })

  it("refuses another model's vectors under this model's name, writing nothing", async () => {
    const before = snapshot()
    const tiny = await loadEngine({ modelDir: TINY_CLIP_DIR })
    const vecs = await clipRetrievalVectors(tiny, files.slice(0, 6))
    await tiny.dispose()
    const emb = writeFolder(join(dir, 'emb-tiny-as-demo'), [
      { index: '0', paths: files.slice(0, 6), vecs, dim: 32 }
    ])
    await expect(call('embeddings.import', { dir: emb, model: 'demo', variant: 'fp32' })).rejects.toThrow(
      /not made by demo-model \(fp32\): compared with 6 images this project had embedded with it.*median cosine of -?0\.\d+.*Nothing was imported/
    )
    await expect(call('embeddings.import', { dir: emb, model: 'f'.repeat(32) })).rejects.toThrow(
      /No model with id f{32} is known here/
    )
    expect(snapshot()).toEqual(before)
  })
})

describe('compare.models', () => {
  it('scores both models on the reviewed images, with speed where measured', async () => {
    // five images whose suggestions come from the imported model, accepted as suggested (zero-shot,
    // not blended with reviewed examples)
    await call('project.updateSettings', { adapt: false })
    const db = new Database(project, { readonly: true })
    const q = db.prepare(`SELECT model_id FROM models WHERE variant = 'quantized'`).pluck().get() as string
    const ids = db
      .prepare('SELECT image_id FROM predictions WHERE model_id = ? ORDER BY image_id LIMIT 5')
      .pluck()
      .all(q) as number[]
    db.close()
    for (const imageId of ids) await call('review.decide', { imageId, kind: 'accepted', rank: 1 })
    const r = await call('compare.models', { measure: false })
    expect(r.images).toBe(5)
    expect(r.models.map((m) => [m.variant, m.current, m.embedded, m.reviewed])).toEqual([
      ['quantized', true, 12, 5],
      ['fp32', false, 13, 5]
    ])
    const [cur, other] = r.models
    // accepted rank 1 of the imported (current) model: its top-1 is right on all of them
    expect(cur).toMatchObject({ top1: 1, corrections: 0, savedCorrections: 0, speed: null })
    expect(cur!.speedNote).toMatch(/never measured here/)
    // the other model's corrections are the ones this one saves (negative: it would have needed them);
    // summed, not negated, so a model with none compares 0 with 0 rather than with -0
    expect(other!.savedCorrections! + other!.corrections!).toBe(0)
    expect(other!.speed).toMatchObject({ source: 'prelabel', images: 13 })
    expect(cur!.thresholdWithheld?.reason).toBe('too_few')
    // measuring times the imported model on a sample here (its folder is the demo model's)
    const m = await call('compare.models', { measure: true })
    expect(m.models[0]!.speed).toMatchObject({ source: 'sample', images: 12, provider: 'cpu' })
    expect(m.models[0]!.speed!.imagesPerS).toBeGreaterThan(0)
  })

  it('says which folder a model needs for its label prompts, and finds it in the data folder', async () => {
    const tinyDir = join(dir, 'tiny-copy')
    cpSync(TINY_CLIP_DIR, tinyDir, { recursive: true })
    const tiny = await loadEngine({ modelDir: tinyDir })
    const vecs = await clipRetrievalVectors(tiny, files)
    await tiny.dispose()
    const emb = writeFolder(join(dir, 'emb-tiny'), [{ index: '0', paths: files, vecs, dim: 32 }])
    expect(await call('embeddings.import', { dir: emb, model: tinyDir })).toMatchObject({
      matched: 13,
      modelId: tiny.modelId
    })
    // the folder goes away and a new label needs prompts never embedded with this model
    rmSync(tinyDir, { recursive: true })
    await call('labels.add', { labels: [{ name: 'star' }] })
    // a label change re-scores in the background: let it settle before taking the snapshot
    const running = async (): Promise<number> =>
      (await call('jobs.list', {})).filter((j) => j.state === 'running').length
    await expect.poll(running, { timeout: 60_000 }).toBe(0)
    const before = snapshot()
    await expect(call('embeddings.import', { dir: emb, model: tiny.modelId })).rejects.toThrow(
      new RegExp(
        `need the text encoder of tiny-copy \\(fp32\\).*its folder ${tinyDir} was not found.*Nothing was imported`
      )
    )
    expect(snapshot()).toEqual(before)
    const r = await call('compare.models', { measure: false })
    const row = r.models.find((m) => m.modelId === tiny.modelId)!
    expect(row).toMatchObject({ top1: null, neededFolder: tinyDir })
    expect(row.problem).toContain(tinyDir)
    expect(r.models.filter((m) => m.top1 !== null)).toHaveLength(2) // the demo models embed "star" themselves
    // a copy of that model in the data folder's models/ is found by its id
    mkdirSync(join(dir, 'home', 'models'), { recursive: true })
    cpSync(TINY_CLIP_DIR, join(dir, 'home', 'models', 'local--tiny-clip'), { recursive: true })
    const again = await call('compare.models', { measure: false })
    expect(again.models.find((m) => m.modelId === tiny.modelId)).toMatchObject({ problem: null, reviewed: 5 })
    expect(again.models.every((m) => m.top1 !== null)).toBe(true)
    renameSync(join(dir, 'home', 'models', 'local--tiny-clip'), join(dir, 'tiny-back'))
  })
})
