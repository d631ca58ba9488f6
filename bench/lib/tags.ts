// A tags project at scale: a synthetic tags project of N images and 50 tags (docs/tags.md; 5% of
// the images with every tag decided, 100k cached embeddings) answers what a person does through
// the same services the app calls: one key press (Enter deciding every tag of an image, then the
// next 5 items with their tag views and the counters), the calibration refit that follows it, a
// tag pass page of 100 (first and deep), a tag pass bulk mark of 1000 images and its undo, and a
// rescore of every tag over the cached embeddings.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InvokeChannel, InvokeInput, InvokeOutput } from '../../src/shared/contract'
import { invokeSchemas } from '../../src/shared/contract'
import { mulberry32 } from '../../src/main/math/rng'
import type { Project } from '../../src/main/db/project'
import { tagPassPage } from '../../src/main/db/tag-scores'
import { SYNTHETIC_MODEL_ID } from '../../src/main/db/testing/synthetic'
import { createSyntheticTagsProject, type SyntheticTagsTimes } from '../../src/main/db/testing/synthetic-tags'
import { buildProjectClassifier } from '../../src/main/jobs/classifier'
import { rescore } from '../../src/main/jobs/prelabel'
import { ReviewSession } from '../../src/main/services/core/review-session'
import { createTagHandlers } from '../../src/main/services/handlers/tags'
import { projectContext } from '../../src/main/services/testing/context'
import type { QueueQuery } from '../../src/main/db/queues'

const TAGS = 50
const DECIDED = 0.05
const EMBED_DIM = 512
const RESCORE_IMAGES = 100_000

type Quantiles = { p50: number; p90: number }

export interface TagsResult {
  images: number
  tags: number
  /** images with every tag decided when the measures start */
  decided_images: number
  build_s: number
  build: SyntheticTagsTimes
  file_mb: number
  /**
   * one key press as the server answers it (review.decide through the review service: every tag
   * of the image decided as one action, the next 5 items with their tag views, the counters)
   */
  key_press_ms: Record<string, Quantiles>
  /**
   * the calibration refit a key press queues: on the main thread between key presses, spaced to
   * take at most a tenth of it
   */
  refit_ms: Quantiles
  /**
   * tags.pass, 100 undecided items with probabilities: a tag's first page when it is first opened
   * (its pages not yet in the cache), again after a mark, a keyset page half way down, present filter
   */
  tag_pass_ms: { first_cold: Quantiles; first: Quantiles; deep: Quantiles; present_first: Quantiles }
  /** tags.mark of 1000 images (one undoable action) and its undo through the review service */
  bulk_mark: { images: number; ms: number; undo_ms: number }
  /** the rescore job over every cached embedding (text embeddings cached) */
  rescore: { images: number; tags: number; s: number }
  samples: number
}

function quantiles(xs: number[]): Quantiles {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(s.length * q))]!
  return { p50: at(0.5), p90: at(0.9) }
}

/** Deterministic unit vectors per prompt: what a text encoder would cache, without one. */
function fakeTextEmbeddings(prompts: string[]): Promise<Float32Array[]> {
  return Promise.resolve(
    prompts.map((p) => {
      let h = 2166136261
      for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 16777619)
      const rand = mulberry32(h >>> 0)
      const v = new Float32Array(EMBED_DIM)
      let n = 0
      for (let d = 0; d < v.length; d++) n += (v[d] = rand() * 2 - 1) ** 2
      for (let d = 0; d < v.length; d++) v[d]! /= Math.sqrt(n)
      return v
    })
  )
}

async function time(f: () => unknown): Promise<number> {
  const t = performance.now()
  await f()
  return performance.now() - t
}

export async function measureTags(images: number, samples = 200): Promise<TagsResult> {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-bench-tags-'))
  let p: Project | undefined
  try {
    const build = { images_s: 0, index_s: 0, decisions_s: 0 }
    const t0 = performance.now()
    p = createSyntheticTagsProject(
      join(dir, 'tags.zebra'),
      join(dir, 'images'),
      { images, tags: TAGS, decided: DECIDED, embedDim: EMBED_DIM, embedded: RESCORE_IMAGES, seed: 1 },
      build
    )
    const build_s = (performance.now() - t0) / 1000
    p.db.exec('ANALYZE')
    return { ...(await measureTagsOn(p, dir, samples)), build_s, build }
  } finally {
    p?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The measures on a synthetic tags project built already (`dir`: a scratch folder). */
async function measureTagsOn(
  project: Project,
  dir: string,
  samples = 200
): Promise<Omit<TagsResult, 'build_s' | 'build'>> {
  const images = project.counts().images
  project.db.pragma('wal_checkpoint(TRUNCATE)')
  const decided = project.counts().reviewed
  const ctx = projectContext({
    project: () => project,
    engine: () => null,
    dataDir: dir,
    annotator: 'bench-tags'
  })
  const session = new ReviewSession(ctx)
  const handlers = createTagHandlers(ctx, session)
  const call = <K extends keyof typeof handlers & InvokeChannel>(
    ch: K,
    input: InvokeInput<K>
  ): Promise<InvokeOutput<K>> =>
    (handlers[ch] as unknown as (i: never) => Promise<InvokeOutput<K>>)(
      invokeSchemas[ch].parse(input) as never
    )
  const labels = project.activeLabels().map((l) => l.id)

  // one key press: Enter with the tags the screen shows checked, then a turn of the event loop
  // (a person's pause), where a refit runs when refits are cheap; spaced ones wait their turn
  const keyPress: Record<string, Quantiles> = {}
  for (const order of ['file', 'lowest_confidence'] as const) {
    const q: QueueQuery = { order, status: 'unreviewed' }
    let cur = (await session.next(q, Math.floor(images / 3)))!
    const times: number[] = []
    for (let i = 0; i < samples / 2; i++) {
      const present = cur.tags!.filter((t) => t.checked).map((t) => t.labelId)
      const t = performance.now()
      const step = await session.decide({
        imageId: cur.image.id,
        kind: 'accepted',
        tags: { present },
        then: { query: q, ahead: 5 }
      })
      times.push(performance.now() - t)
      await new Promise((r) => setImmediate(r))
      cur = step.next[0]!
    }
    keyPress[order] = quantiles(times)
  }
  // the calibration refit a key press queues, timed on its own (settled() runs it at once)
  await session.settled()
  const refits: number[] = []
  for (let i = 0; i < 10; i++) {
    const cur = (await session.next({ order: 'file', status: 'unreviewed' }))!
    await session.decide({ imageId: cur.image.id, kind: 'accepted', tags: { present: [] } })
    refits.push(await time(() => session.settled()))
  }

  // a tag pass page of 100 undecided images: a tag opened the first time (its pages cold), half
  // way down it, its present ones, and its first page again after a mark elsewhere in the tag
  const firstCold: number[] = []
  const first: number[] = []
  const deep: number[] = []
  const present: number[] = []
  for (let i = 0; i < samples / 4; i++) {
    const labelId = labels[i % labels.length]!
    const t = performance.now()
    const top = await call('tags.pass', { labelId, filter: 'undecided', limit: 100 })
    firstCold.push(performance.now() - t)
    const mid = project.db
      .prepare(
        'SELECT s, image_id AS imageId FROM tag_scores WHERE label_id = ? ORDER BY s DESC, image_id DESC LIMIT 1 OFFSET ?'
      )
      .get(labelId, Math.floor(images / 2)) as { s: number; imageId: number }
    deep.push(await time(() => call('tags.pass', { labelId, filter: 'undecided', limit: 100, after: mid })))
    present.push(await time(() => call('tags.pass', { labelId, filter: 'present', limit: 100 })))
    await call('tags.mark', { labelId, state: 'absent', imageIds: [top.items[99]!.imageId] })
    first.push(await time(() => call('tags.pass', { labelId, filter: 'undecided', limit: 100 })))
  }

  // a tag pass selection of 1000 images marked present in one action, then its undo
  const markTag = labels[7]!
  const picked = tagPassPage(project.db, { labelId: markTag, filter: 'undecided', limit: 1000 }).map(
    (r) => r.imageId
  )
  let marked = 0
  const markMs = await time(async () => {
    marked = (await call('tags.mark', { labelId: markTag, state: 'present', imageIds: picked })).count
  })
  const undoMs = await time(() => session.step('undo'))

  // rescore every cached embedding: the text embeddings are in the project's cache already, as
  // after any earlier scoring with the model
  await buildProjectClassifier(project, SYNTHETIC_MODEL_ID, fakeTextEmbeddings)
  let rescored = 0
  const rescoreMs = await time(async () => {
    rescored = (await rescore(project, SYNTHETIC_MODEL_ID, null, { all: true })).rescored
  })

  await session.settled()
  project.db.pragma('wal_checkpoint(TRUNCATE)')
  const file_mb = statSync(project.path).size / 1e6
  return {
    images,
    tags: labels.length,
    decided_images: decided,
    file_mb,
    key_press_ms: keyPress,
    refit_ms: quantiles(refits),
    tag_pass_ms: {
      first_cold: quantiles(firstCold),
      first: quantiles(first),
      deep: quantiles(deep),
      present_first: quantiles(present)
    },
    bulk_mark: { images: marked, ms: markMs, undo_ms: undoMs },
    rescore: { images: rescored, tags: labels.length, s: rescoreMs / 1000 },
    samples
  }
}

export function describeTags(r: TagsResult): string {
  const f = (x: number): string => x.toFixed(2)
  const q = (x: Quantiles): string => `p50 ${f(x.p50)} ms (p90 ${f(x.p90)})`
  const b = r.build
  return [
    `tags: ${r.images} images x ${r.tags} tags, ${r.decided_images} with every tag decided (built in ${r.build_s.toFixed(1)} s: images ${b.images_s.toFixed(1)}, score index ${b.index_s.toFixed(1)}, decisions ${b.decisions_s.toFixed(1)}; ${r.file_mb.toFixed(0)} MB)`,
    `  one key press (Enter on ${r.tags} tags, next 5 items with their tags, counters; target <= 5 ms): file ${q(r.key_press_ms.file!)}, lowest_confidence ${q(r.key_press_ms.lowest_confidence!)}`,
    `  calibration refit (main thread, spaced to <= 10% of it): ${q(r.refit_ms)}`,
    `  tag pass page of 100 (target <= 10 ms): first ${q(r.tag_pass_ms.first)} (a tag opened the first time ${q(r.tag_pass_ms.first_cold)}), half way down ${q(r.tag_pass_ms.deep)}; present filter first ${q(r.tag_pass_ms.present_first)}`,
    `  tag pass mark of ${r.bulk_mark.images} images ${r.bulk_mark.ms.toFixed(0)} ms, its undo ${r.bulk_mark.undo_ms.toFixed(0)} ms`,
    `  rescore of ${r.rescore.tags} tags over ${r.rescore.images} cached embeddings ${r.rescore.s.toFixed(1)} s`
  ].join('\n')
}
