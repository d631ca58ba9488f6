// `zebra compare --models` and `zebra import-embeddings` end to end, from a folder outside the
// repo: a shapes project pre-labelled with two models (the bundled demo model and a copy of the
// tiny random-weights CLIP fixture), labels imported as ground truth, then the comparison. Every
// number of the report is recomputed here from the project file's rows (embeddings, prompts' text
// embeddings, decisions) with plain loops, not with the app's scoring code.
import { cpSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelsReport } from '../../shared/models-report'
import { writeShapeDataset } from '../adapt/testing/shapes'
import { TINY_CLIP_DIR } from '../clip/test-fixtures'
import { COVERAGE_THRESHOLDS } from '../eval/metrics'
import { runZebra, workDir, type CliRun } from './testing/harness'

// the demo model knows coloured shapes: these names describe SHAPE_CLASSES in order; the last
// label has no images, so top-5 of 6 labels is not trivially 100%
const NAMES = ['red circle', 'blue square', 'green triangle', 'yellow striped shape', 'purple cross']
const LABELS = [...NAMES, 'black star']

let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): Promise<CliRun> => runZebra(args, { cwd, env })
const ok = async (...args: string[]): Promise<CliRun> => {
  const r = await zebra(...args)
  expect(r.code, `zebra ${args.join(' ')}\n${r.stderr}`).toBe(0)
  return r
}

beforeAll(async () => {
  cwd = workDir('zebra-cli-models-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester' }
  const images = join(cwd, 'shapes')
  const shapes = await writeShapeDataset(images, { perClass: 9, seed: 3 })
  writeFileSync(
    join(cwd, 'truth.csv'),
    `path,label\n${shapes.map((s) => `${relative(images, s.file).split('\\').join('/')},${NAMES[s.label]}`).join('\n')}\n`
  )
  cpSync(TINY_CLIP_DIR, join(cwd, 'tiny'), { recursive: true })
  await ok('init', 'p.zebra', '--images', 'shapes', '--labels', LABELS.join(','), '--scan')
  await ok('prelabel', 'p.zebra', '--model', 'demo')
  await ok('prelabel', 'p.zebra', '--model', 'tiny')
  await ok('import-labels', 'p.zebra', '--csv', 'truth.csv')
}, 180_000)

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
})

const f32 = (b: Buffer): Float32Array =>
  new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))
function unit(v: ArrayLike<number>): number[] {
  const n = Math.hypot(...Array.from(v))
  return Array.from(v, (x) => x / n)
}
const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0)

/** The report's numbers for one model, recomputed from the project file's rows. */
function expected(file: string, modelId: string) {
  const db = new Database(file, { readonly: true })
  try {
    const labels = db.prepare('SELECT id, name FROM labels WHERE archived = 0 ORDER BY id').all() as {
      id: number
      name: string
    }[]
    const templates = JSON.parse(
      db
        .prepare('SELECT t.templates FROM template_sets t JOIN project p ON t.id = p.active_template_set_id')
        .pluck()
        .get() as string
    ) as string[]
    const temperature =
      (
        JSON.parse(db.prepare('SELECT settings FROM project').pluck().get() as string) as {
          temperature?: number
        }
      ).temperature ?? 100
    const text = db.prepare('SELECT vec FROM text_embeddings WHERE model_id = ? AND prompt = ?')
    const classes = labels.map((l) => {
      const prompts = templates.map((t) => {
        const b = text.get(modelId, t.replace('{}', l.name)) as { vec: Buffer } | undefined
        if (!b) throw new Error(`no text embedding of ${t.replace('{}', l.name)} for ${modelId}`)
        return unit(f32(b.vec))
      })
      const mean = prompts[0]!.map((_, d) => prompts.reduce((s, p) => s + p[d]!, 0) / prompts.length)
      return unit(mean)
    })
    const reviewed = db
      .prepare(
        `SELECT e.vec, d.label_id AS label FROM images i JOIN decisions d ON d.id = i.cur_decision
         JOIN image_embeddings e ON e.image_id = i.id AND e.model_id = ?
         WHERE i.state = 'ok' AND d.kind IN ('accepted', 'corrected') ORDER BY i.id`
      )
      .all(modelId) as { vec: Buffer; label: number }[]
    let top1 = 0
    let top5 = 0
    const conf: number[] = []
    const right: boolean[] = []
    for (const r of reviewed) {
      const img = unit(f32(r.vec))
      const cos = classes.map((c) => dot(img, c))
      const t = labels.findIndex((l) => l.id === r.label)
      const rank = cos.filter((x, k) => x > cos[t]! || (x === cos[t] && k < t)).length
      if (rank === 0) top1++
      if (rank < 5) top5++
      const mx = Math.max(...cos)
      conf.push(1 / cos.reduce((s, x) => s + Math.exp(temperature * (x - mx)), 0))
      right.push(rank === 0)
    }
    const n = reviewed.length
    let threshold: number | null = null
    for (const th of COVERAGE_THRESHOLDS) {
      const covered = conf.map((c, i) => [c, right[i]] as const).filter(([c]) => c >= th - 1e-12)
      if (covered.length > 0 && covered.filter(([, r]) => r).length / covered.length >= 0.95) {
        threshold = th
        break
      }
    }
    return { n, top1: top1 / n, top5: top5 / n, corrections: n - top1, threshold }
  } finally {
    db.close()
  }
}

describe('zebra compare --models', () => {
  it('scores both models side by side with the numbers the project rows give', async () => {
    const r = JSON.parse(
      (await ok('compare', 'p.zebra', '--models', '--format', 'json')).stdout
    ) as ModelsReport
    expect(r.images).toBe(45)
    expect(r.labels).toEqual(LABELS)
    expect(r.models).toHaveLength(2)
    const [cur, demo] = r.models
    expect([cur!.name, cur!.current, demo!.name, demo!.current]).toEqual(['tiny', true, 'demo-model', false])
    const file = join(cwd, 'p.zebra')
    const want = { cur: expected(file, cur!.modelId), demo: expected(file, demo!.modelId) }
    for (const [row, e] of [
      [cur!, want.cur],
      [demo!, want.demo]
    ] as const) {
      expect(e.n).toBe(45)
      expect(row.reviewed).toBe(45)
      expect(row.embedded).toBe(45)
      expect(row.top1).toBeCloseTo(e.top1, 10)
      expect(row.top5).toBeCloseTo(e.top5, 10)
      expect(row.corrections).toBe(e.corrections)
      expect(row.suggestedThreshold?.threshold ?? null).toBe(e.threshold)
      expect(row.thresholdWithheld).toBeNull()
      // 45 images in each run: fewer than makes a pre-labelling rate trustworthy, so timed here
      expect(row.speed).toMatchObject({ source: 'sample', images: 16, provider: 'cpu' })
      expect(row.speed!.imagesPerS).toBeGreaterThan(0)
    }
    expect(cur!.savedCorrections).toBe(0)
    expect(demo!.savedCorrections).toBe(want.cur.corrections - want.demo.corrections)
    // the demo model knows coloured shapes, the random-weights fixture does not
    expect(demo!.savedCorrections).toBeGreaterThan(10)

    const md = (await ok('compare', 'p.zebra', '--models', '--no-measure')).stdout
    expect(md).toMatch(/^# Which model for this dataset/)
    expect(md).toContain('45 reviewed images, 6 labels')
    expect(md).toMatch(
      new RegExp(
        `\\| demo-model \\| fp32 \\| 45 \\| .* \\| would have saved ${demo!.savedCorrections} corrections \\|`
      )
    )
    expect(md).toMatch(/\| tiny \| fp32 \| 45 \| .* \| current \|/)
  })
})

describe('zebra import-embeddings', () => {
  it('imports embeddings made with zebra embed --clip-retrieval, and they join the comparison', async () => {
    const made = await ok(
      'embed',
      '--model',
      'demo',
      '--variant',
      'quantized',
      '--clip-retrieval',
      'emb',
      'shapes/'
    )
    expect(made.stderr).toContain('wrote 45 embeddings to emb')
    const r = JSON.parse(
      (
        await ok(
          'import-embeddings',
          'p.zebra',
          '--embeddings',
          'emb',
          '--model',
          'demo',
          '--variant',
          'quantized',
          '--json'
        )
      ).stdout
    )
    expect(r).toMatchObject({
      matched: 45,
      unmatched: 0,
      refused: 0,
      parts: 1,
      rows: 45,
      dim: 32,
      variant: 'quantized'
    })
    const m = JSON.parse(
      (await ok('compare', 'p.zebra', '--models', '--format', 'json', '--no-measure')).stdout
    ) as ModelsReport
    expect(m.models.map((x) => [x.variant, x.current])).toEqual([
      ['quantized', true],
      ['fp32', false],
      ['fp32', false]
    ])
    const q = m.models[0]!
    expect(q.top1).toBeCloseTo(expected(join(cwd, 'p.zebra'), q.modelId).top1, 10)
  })

  it('refuses the demo embeddings named as the tiny model, writing nothing, and bad usage', async () => {
    const db = (): unknown[] => {
      const d = new Database(join(cwd, 'p.zebra'), { readonly: true })
      const rows = d
        .prepare('SELECT model_id, count(*) AS n FROM image_embeddings GROUP BY model_id ORDER BY model_id')
        .all()
      d.close()
      return rows
    }
    const before = db()
    const r = await zebra('import-embeddings', 'p.zebra', '--embeddings', 'emb', '--model', 'tiny')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/zebra: These embeddings were not made by tiny \(fp32\).*Nothing was imported/)
    expect(db()).toEqual(before)
    const missing = await zebra('import-embeddings', 'p.zebra', '--model', 'demo')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--embeddings/)
    const notFolder = await zebra('import-embeddings', 'p.zebra', '--embeddings', 'shapes', '--model', 'demo')
    expect(notFolder.code).toBe(2)
    expect(notFolder.stderr).toMatch(/not a clip-retrieval embeddings folder: it needs img_emb\//)
  })
})
