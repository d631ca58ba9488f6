// Pre-labelling, pipelined: ids stream from the DB in pages -> decode + preprocess run ahead with
// bounded concurrency (sharp decodes on libuv threads) -> the vision model runs one batch while the
// next batch decodes -> each batch's embeddings and predictions commit in ONE transaction.
// Memory is bounded by `ahead` preprocessed images plus one batch tensor, however large the folder.
// Killed at any point, a rerun processes exactly the images without an embedding for this model:
// a batch is either fully committed or absent.
import { realpath } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename } from 'node:path'
import { createPreprocessPool, defaultPoolSize, PreprocessPoolError } from '../clip/preprocess-pool'
import type { ClipEngine } from '../clip/types'
import { AppError } from '../../shared/errors'
import { markUnreadable } from '../db/images'
import { recordModelRun } from '../db/model-runs'
import { isInside } from '../db/paths'
import {
  modelEmbeddingCount,
  mostEmbeddedModelId,
  pendingEmbeddingCount,
  pendingImagePages,
  rescorePages,
  staleEmbeddingCount
} from '../db/prelabel-queue'
import { predictionWriter, registerModel, type PredictionKey } from '../db/predictions'
import type { Project } from '../db/project'
import { buildProjectClassifier, scoreEmbeddings, scoreTags, type TextClassifier } from './classifier'
import { tagScoreWriter } from '../db/tag-scores'
import { acquireJobLock, type JobLock } from './lock'
import { RateMeter, type ProgressSample } from './progress'
import { shortReason } from './scan'

export interface PrelabelOptions {
  /** images per inference batch (default 16) */
  batch?: number
  /** images decoded ahead of inference (default 2 x batch) */
  ahead?: number
  /** decodes in flight at once (default: 2 per preprocessing worker, or 4 without workers) */
  concurrency?: number
  /**
   * worker threads that decode + preprocess (default: cores - 1, at most 8; ZEBRA_PREPROCESS_WORKERS
   * overrides). 0 preprocesses on this thread (sharp still decodes on libuv threads).
   */
  workers?: number
  signal?: AbortSignal
  onProgress?: (p: ProgressSample) => void
  onFileError?: (file: string, reason: string) => void
  /** something went wrong and was recovered from (a preprocessing worker replaced) */
  onWarning?: (message: string) => void
  /** stop after this many images (tests, benchmarks) */
  limit?: number
}

export interface PrelabelResult {
  /** images embedded and scored in this run */
  processed: number
  /** images recorded unreadable in this run */
  failed: number
  /** images that only needed re-scoring from cached embeddings */
  rescored: number
  /** images that needed the vision model when the run started */
  total: number
  cancelled: boolean
  /** time per stage, ms (decode+preprocess is summed over parallel workers) */
  stageMs: { decode: number; infer: number; write: number; waitPixels: number }
}

interface Item {
  id: number
  file: string
  pixels: Promise<Float32Array | { error: string }>
}

/** Count of ok images without an embedding for this model. */
function pendingCount(project: Project, modelId: string): number {
  return pendingEmbeddingCount(project.db, modelId)
}

/**
 * Pre-labels every ok image without an embedding for `engine`'s model, then re-scores images whose
 * prediction is stale. Holds the project's 'prelabel' job lock (AppError 'busy' if another live
 * process runs one).
 */
export async function prelabel(
  project: Project,
  engine: ClipEngine,
  opts: PrelabelOptions = {}
): Promise<PrelabelResult> {
  const lock = acquireJobLock(project.db, 'prelabel')
  try {
    return await runPrelabel(project, engine, opts, lock)
  } finally {
    lock.release()
  }
}

async function runPrelabel(
  project: Project,
  engine: ClipEngine,
  opts: PrelabelOptions,
  lock: JobLock
): Promise<PrelabelResult> {
  const batch = Math.max(1, opts.batch ?? 16)
  const ahead = Math.max(batch, opts.ahead ?? batch * 2)
  const workers = opts.workers ?? defaultPoolSize()
  const pool =
    workers > 0
      ? createPreprocessPool(engine.preprocessConfig, workers, (why) =>
          opts.onWarning?.(`a preprocessing worker died (${why}) and was replaced; its images were retried`)
        )
      : null
  const preprocess = pool ? (f: string) => pool.preprocess(f) : (f: string) => engine.preprocess(f)
  const release = pool ? (p: Float32Array) => pool.release(p) : undefined
  const concurrency = Math.max(1, opts.concurrency ?? (pool ? 2 * workers : 4))
  try {
    return await pipeline(project, engine, opts, lock, { batch, ahead, concurrency, preprocess, release })
  } finally {
    await pool?.close()
  }
}

async function pipeline(
  project: Project,
  engine: ClipEngine,
  opts: PrelabelOptions,
  lock: JobLock,
  stage: {
    batch: number
    ahead: number
    concurrency: number
    preprocess: (file: string) => Promise<Float32Array>
    /** pixels copied into the batch tensor: their buffer can be reused */
    release?: (pixels: Float32Array) => void
  }
): Promise<PrelabelResult> {
  const db = project.db
  const { batch, ahead, concurrency, preprocess, release } = stage
  registerModel(db, {
    modelId: engine.modelId,
    name: basename(engine.modelDir),
    dir: engine.modelDir,
    variant: engine.variant,
    embedDim: engine.embedDim
  })
  const cls = await buildProjectClassifier(project, engine.modelId, (p) => engine.embedTexts(p), {
    scoring: engine.scoring
  })
  const total = Math.min(pendingCount(project, engine.modelId), opts.limit ?? Infinity)
  const res: PrelabelResult = {
    processed: 0,
    failed: 0,
    rescored: 0,
    total,
    cancelled: false,
    stageMs: { decode: 0, infer: 0, write: 0, waitPixels: 0 }
  }
  const meter = new RateMeter()
  const report = (): void => opts.onProgress?.(meter.update(res.processed + res.failed, total))
  report()

  // --- source: ids in pages (keyset), never the whole folder in memory ---
  const page = pendingImagePages(db)
  let afterId = -1
  let buffered: { id: number; file: string }[] = []
  let exhausted = false
  let taken = 0
  const nextSource = (): { id: number; file: string } | null => {
    if (taken >= total) return null
    if (buffered.length === 0 && !exhausted) {
      const rows = page(afterId, engine.modelId, 512)
      if (rows.length === 0) exhausted = true
      else {
        afterId = rows[rows.length - 1]!.id
        buffered = rows.map((r) => ({ id: r.id, file: project.imageFile(r.id) }))
      }
    }
    const s = buffered.shift() ?? null
    if (s) taken++
    return s
  }

  // --- decode ahead with bounded concurrency ---
  const roots = await Promise.all(project.roots().map((r) => realpath(r.path).catch(() => r.path)))
  const queue: Item[] = []
  let inFlight = 0
  const waiters: (() => void)[] = []
  const startDecode = (s: { id: number; file: string }): Item => {
    const run = async (): Promise<Float32Array | { error: string }> => {
      while (inFlight >= concurrency) await new Promise<void>((r) => waiters.push(r))
      inFlight++
      // decode time counts from when a slot is free, not while queued behind other decodes
      const t0 = performance.now()
      try {
        // a file replaced by a link out of the image folders since the scan is not read
        const real = await realpath(s.file)
        if (!roots.some((r) => isInside(r, real))) return { error: 'outside the project folders (a link?)' }
        return await preprocess(real)
      } catch (err) {
        // the pool itself died: stop the job, do not blame (and mark) the image
        if (err instanceof PreprocessPoolError) throw err
        return { error: shortReason(err) }
      } finally {
        inFlight--
        res.stageMs.decode += performance.now() - t0
        waiters.shift()?.()
      }
    }
    const pixels = run()
    // a pool failure rejects every queued item; only the first awaited one is reported
    pixels.catch(() => undefined)
    return { ...s, pixels }
  }
  const fill = (): void => {
    while (queue.length < ahead && !opts.signal?.aborted) {
      const s = nextSource()
      if (!s) return
      queue.push(startDecode(s))
    }
  }

  const pixelSize = 3 * engine.imageSize * engine.imageSize
  const tensor = new Float32Array(batch * pixelSize)
  const writeBatch = db.transaction(
    (ok: { id: number }[], emb: Float32Array, failed: { id: number; file: string; error: string }[]) => {
      const w = predictionWriter(db, cls.key)
      ok.forEach((it, i) => w.embedding(it.id, emb.subarray(i * engine.embedDim, (i + 1) * engine.embedDim)))
      writeScores(db, cls, ok, emb)
      for (const f of failed) markUnreadable(db, f.id, f.error)
    }
  )

  let firstFailure: string | null = null
  const started = performance.now()
  fill()
  while (queue.length > 0) {
    if (opts.signal?.aborted) {
      res.cancelled = true
      break
    }
    const items = queue.splice(0, Math.min(batch, queue.length))
    fill() // keep decoding the next batch while this one waits and runs
    const tw = performance.now()
    const px = await Promise.all(items.map((i) => i.pixels))
    res.stageMs.waitPixels += performance.now() - tw
    const ok: Item[] = []
    const failed: { id: number; file: string; error: string }[] = []
    items.forEach((it, i) => {
      const p = px[i]!
      if (p instanceof Float32Array) {
        tensor.set(p, ok.length * pixelSize)
        release?.(p)
        ok.push(it)
      } else {
        failed.push({ id: it.id, file: it.file, error: p.error })
      }
    })
    fill()
    let emb: Float32Array = new Float32Array(0)
    if (ok.length > 0) {
      const ti = performance.now()
      emb = await engine.embedPixels(tensor.subarray(0, ok.length * pixelSize), ok.length)
      // never store rows from an output of the wrong size (the engine checks too; this guards others)
      if (emb.length !== ok.length * engine.embedDim) {
        throw new AppError(
          'model_invalid',
          `The vision model returned ${emb.length} values for ${ok.length} images; expected ${ok.length} x ${engine.embedDim}. Nothing was stored for this batch.`
        )
      }
      res.stageMs.infer += performance.now() - ti
    }
    const tws = performance.now()
    writeBatch(ok, emb, failed)
    res.stageMs.write += performance.now() - tws
    lock.beat()
    for (const f of failed) opts.onFileError?.(f.file, f.error)
    if (failed[0] && !firstFailure) firstFailure = `${basename(failed[0].file)}: ${failed[0].error}`
    res.processed += ok.length
    res.failed += failed.length
    report()
    fill()
  }
  // images/s on this machine, for "which model for this dataset" (decode + infer + write)
  if (res.processed > 0) {
    const seconds = (performance.now() - started) / 1000
    const run = { modelId: engine.modelId, kind: 'prelabel' as const, images: res.processed, seconds }
    recordModelRun(db, { ...run, provider: engine.provider, host: hostname() })
  }
  if (!res.cancelled && !opts.signal?.aborted && total > 0 && res.processed === 0) {
    // a run that pre-labelled nothing is a failure, never "done"
    throw new AppError(
      'image_unreadable',
      `Pre-labelled 0 of ${total} images: none could be read (first: ${firstFailure ?? 'unknown'}). They are marked unreadable; fix or replace the files, rescan, and run prelabel again.`,
      { total, failed: res.failed }
    )
  }
  if (!res.cancelled && !opts.signal?.aborted) {
    res.rescored = await rescoreStale(project, cls, opts.signal)
  } else {
    res.cancelled = true
  }
  return res
}

/** Writes each image's prediction: top-k probabilities, or a tags project's tag scores. */
function writeScores(
  db: Project['db'],
  cls: TextClassifier,
  rows: { id: number }[],
  embeds: Float32Array
): void {
  if (cls.tags) {
    const w = tagScoreWriter(db, cls.key)
    scoreTags(cls, embeds).forEach((r, i) => w.scores(rows[i]!.id, r.scores, r.summary))
    return
  }
  const w = predictionWriter(db, cls.key)
  const tops = scoreEmbeddings(cls, embeds)
  rows.forEach((r, i) => w.prediction(r.id, tops[i]!))
}

/** Images with a cached embedding whose prediction is missing or was made for another key. */
function staleCount(project: Project, key: PredictionKey): number {
  return staleEmbeddingCount(project.db, key)
}

/**
 * Re-scores images from cached image embeddings (no vision model): after a label or template
 * change. With `all`, every image of the model is re-scored (e.g. temperature or top-k changed).
 */
async function rescoreStale(
  project: Project,
  cls: TextClassifier,
  signal?: AbortSignal,
  onProgress?: (done: number, total: number) => void,
  all = false
): Promise<number> {
  const db = project.db
  const k = cls.key
  const total = all ? modelEmbeddingCount(db, k.modelId) : staleCount(project, k)
  const page = rescorePages(db)
  let after = -1
  let done = 0
  onProgress?.(0, total)
  for (;;) {
    if (signal?.aborted) break
    const rows = page(k, after, all)
    if (rows.length === 0) break
    after = rows[rows.length - 1]!.id
    db.transaction(() => {
      const dim = cls.classifier.dim
      const m = new Float32Array(rows.length * dim)
      rows.forEach((r, i) => new Uint8Array(m.buffer, i * dim * 4, dim * 4).set(r.vec))
      writeScores(db, cls, rows, m)
    })()
    done += rows.length
    onProgress?.(done, total)
    // let events (progress, cancel) through between chunks
    await new Promise((r) => setImmediate(r))
  }
  return done
}

export interface RescoreOptions {
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  all?: boolean
}

/** Rescore job: text embeddings from the cache (engine only for prompts never seen), no vision model. */
export async function rescore(
  project: Project,
  modelId: string,
  engine: Pick<ClipEngine, 'embedTexts' | 'scoring'> | null,
  opts: RescoreOptions = {}
): Promise<{ rescored: number }> {
  const cls = await buildProjectClassifier(project, modelId, engine ? (p) => engine.embedTexts(p) : null, {
    scoring: engine?.scoring
  })
  return { rescored: await rescoreStale(project, cls, opts.signal, opts.onProgress, opts.all) }
}

/** The model whose embeddings this project holds most of (for rescore without a loaded engine). */
export function mainModelId(project: Project): string | null {
  return mostEmbeddedModelId(project.db)
}
