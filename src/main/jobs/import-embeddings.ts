// Importing image embeddings computed elsewhere (clip-retrieval's layout, clip/clip-retrieval.ts)
// so a project is scored and reviewed as if it had been pre-labelled here: matched rows become the
// model's cached embeddings and their suggestions are computed from them with the project's
// labels and templates. Everything that can refuse the import (folder layout, dimension, the
// vectors not being the named model's, no text encoder for the label prompts, no path matching)
// is decided before the first write, so a refused import leaves the project as it was.
import { hostname } from 'node:os'
import type { ImportEmbeddingsResult } from '../../shared/models-report'
import { AppError, toAppError } from '../../shared/errors'
import { readClipRetrievalFolder, type ClipRetrievalFolder } from '../clip/clip-retrieval'
import { NpyMatrix } from '../clip/npy'
import type { ClipEngine } from '../clip/types'
import { embeddingBlob } from '../db/embeddings'
import { recordModelRun } from '../db/model-runs'
import { imagePathMatcher } from '../db/path-match'
import { predictionWriter, registerModel, type ModelInfo } from '../db/predictions'
import type { Project } from '../db/project'
import { fromBlob } from '../db/vectors'
import { cosine } from '../math/rows'
import { modelsDir } from '../paths'
import { buildProjectClassifier, scoreEmbeddings } from './classifier'
import { acquireJobLock } from './lock'

export interface ImportEmbeddingsOptions {
  dir: string
  /** the model that made the embeddings (dir '-' when its folder is not here) */
  model: ModelInfo
  /** that model's engine when its folder is here: prompts never embedded, and the sample check */
  engine: Pick<ClipEngine, 'modelId' | 'embedTexts' | 'embedImages'> | null
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/** below this median cosine to embeddings made here, the vectors are another model's */
const SAME_MODEL_MIN_COSINE = 0.8
const CHUNK = 4096
const EXAMPLES = 10

interface Matched {
  part: number
  row: number
  imageId: number
}

function matchRows(project: Project, folder: ClipRetrievalFolder) {
  const match = imagePathMatcher(project)
  const matched: Matched[] = []
  const unmatched: string[] = []
  const refused: { path: string; reason: string }[] = []
  const seen = new Set<number>()
  folder.parts.forEach((part, p) =>
    part.paths.forEach((path, row) => {
      const m = match(path)
      if (m.imageId === null) unmatched.push(path)
      else if (m.state !== 'ok') refused.push({ path, reason: `the image is ${m.state} since the last scan` })
      else if (seen.has(m.imageId))
        refused.push({ path, reason: 'the same image is listed twice; the first row was used' })
      else {
        seen.add(m.imageId)
        matched.push({ part: p, row, imageId: m.imageId })
      }
    })
  )
  return { matched, unmatched, refused }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function readRow(folder: ClipRetrievalFolder, m: Matched): Promise<Float32Array> {
  const npy = await NpyMatrix.open(folder.parts[m.part]!.npyFile)
  try {
    return await npy.readRows(m.row, 1)
  } finally {
    await npy.close()
  }
}

/**
 * Are the vectors the named model's? Compared with embeddings of the same images this project
 * already holds for it, else with a few images embedded here by its engine. Returns how it was
 * checked; throws invalid_input on a mismatch.
 */
async function verifyModel(
  project: Project,
  opts: ImportEmbeddingsOptions,
  folder: ClipRetrievalFolder,
  matched: Matched[]
): Promise<string> {
  const { model } = opts
  const step = Math.max(1, Math.floor(matched.length / 16))
  const sample = matched.filter((_, i) => i % step === 0).slice(0, 16)
  let how = ''
  const cos: number[] = []
  for (const m of sample) {
    const have = embeddingBlob(project.db, m.imageId, model.modelId)
    if (have) cos.push(cosine(await readRow(folder, m), fromBlob(have)))
  }
  if (cos.length) how = `compared with ${cos.length} images this project had embedded with it`
  else if (opts.engine) {
    const few = sample.slice(0, 4)
    const res = await opts.engine.embedImages(few.map((m) => project.imageFile(m.imageId)))
    for (let i = 0; i < few.length; i++) {
      const e = res[i]?.embedding
      if (e) cos.push(cosine(await readRow(folder, few[i]!), e))
    }
    if (cos.length) how = `${cos.length} images embedded here with it to compare`
  }
  if (!cos.length)
    return 'not checked: the model folder is not here and the project has no embeddings of this model yet'
  const med = median(cos)
  if (med < SAME_MODEL_MIN_COSINE) {
    throw new AppError(
      'invalid_input',
      `These embeddings were not made by ${model.name} (${model.variant}): ${how}, they agree with a median cosine of ${med.toFixed(2)} (the same model agrees above ${SAME_MODEL_MIN_COSINE}). Import them under the model that made them. Nothing was imported.`,
      { medianCosine: med, modelId: model.modelId }
    )
  }
  return `${how} (median cosine ${med.toFixed(3)})`
}

export async function importEmbeddings(
  project: Project,
  opts: ImportEmbeddingsOptions
): Promise<ImportEmbeddingsResult> {
  const { model } = opts
  const db = project.db
  const folder = await readClipRetrievalFolder(opts.dir)
  if (folder.dim !== model.embedDim) {
    throw new AppError(
      'invalid_input',
      `The embeddings in ${opts.dir} have ${folder.dim} dimensions but ${model.name} (${model.variant}) makes ${model.embedDim}-dimensional ones: they come from another model. Nothing was imported.`,
      { dim: folder.dim, expected: model.embedDim }
    )
  }
  const { matched, unmatched, refused } = matchRows(project, folder)
  if (matched.length === 0) {
    throw new AppError(
      'invalid_input',
      `None of the ${folder.rows} images listed in ${opts.dir} is an image of this project (first: ${unmatched[0] ?? refused[0]?.path ?? 'none'}). Their paths must be absolute inside the project's folders, or relative to them. Nothing was imported.`,
      { unmatched: unmatched.length, refused: refused.length }
    )
  }
  const lock = acquireJobLock(db, 'prelabel')
  try {
    const verified = await verifyModel(project, opts, folder, matched)
    let cls
    try {
      cls = await buildProjectClassifier(
        project,
        model.modelId,
        opts.engine ? (p) => opts.engine!.embedTexts(p) : null
      )
    } catch (err) {
      if (toAppError(err).code !== 'no_model') throw err
      const where =
        model.dir !== '-' ? `its folder ${model.dir} was not found` : 'its folder is not known here'
      throw new AppError(
        'no_model',
        `Suggestions from these embeddings need the text encoder of ${model.name} (${model.variant}) for the label prompts, and ${where}. Put the model folder back, or into ${modelsDir()}, and import again. Nothing was imported.`,
        { modelId: model.modelId, dir: model.dir }
      )
    }
    let written = 0
    opts.onProgress?.(0, matched.length)
    for (let p = 0; p < folder.parts.length; p++) {
      const rows = matched.filter((m) => m.part === p).sort((a, b) => a.row - b.row)
      if (!rows.length) continue
      const npy = await NpyMatrix.open(folder.parts[p]!.npyFile)
      try {
        for (let s = 0; s < rows.length; s += CHUNK) {
          if (opts.signal?.aborted) {
            throw new AppError(
              'cancelled',
              `Import cancelled after ${written} images; run it again to finish (imported rows are replaced, never doubled).`
            )
          }
          const chunk = rows.slice(s, s + CHUNK)
          const first = chunk[0]!.row
          const block = await npy.readRows(first, chunk[chunk.length - 1]!.row - first + 1)
          const ok: { imageId: number; vec: Float32Array }[] = []
          for (const m of chunk) {
            const vec = block.slice((m.row - first) * folder.dim, (m.row - first + 1) * folder.dim)
            let norm = 0
            for (const v of vec) norm += v * v
            if (!Number.isFinite(norm) || norm === 0) {
              refused.push({
                path: folder.parts[p]!.paths[m.row]!,
                reason: Number.isFinite(norm)
                  ? 'the vector is all zeros'
                  : 'the vector has values that are not numbers'
              })
            } else ok.push({ imageId: m.imageId, vec })
          }
          const packed = new Float32Array(ok.length * folder.dim)
          ok.forEach((o, i) => packed.set(o.vec, i * folder.dim))
          const tops = scoreEmbeddings(cls, packed)
          db.transaction(() => {
            registerModel(db, model)
            const w = predictionWriter(db, cls.key)
            ok.forEach((o, i) => {
              w.embedding(o.imageId, o.vec)
              w.prediction(o.imageId, tops[i]!)
            })
          })()
          written += ok.length
          lock.beat()
          opts.onProgress?.(written, matched.length)
        }
      } finally {
        await npy.close()
      }
    }
    if (written === 0) {
      throw new AppError(
        'invalid_input',
        `None of the ${matched.length} matched vectors could be used (${refused[refused.length - 1]?.reason ?? 'unknown'}). No embeddings were imported.`
      )
    }
    recordModelRun(db, {
      modelId: model.modelId,
      kind: 'import',
      images: written,
      seconds: null,
      provider: null,
      host: hostname()
    })
    return {
      modelId: model.modelId,
      modelName: model.name,
      variant: model.variant,
      dim: folder.dim,
      parts: folder.parts.length,
      rows: folder.rows,
      matched: written,
      unmatched: unmatched.length,
      refused: refused.length,
      unmatchedExamples: unmatched.slice(0, EXAMPLES),
      refusedExamples: refused.slice(0, EXAMPLES),
      verified
    }
  } finally {
    lock.release()
  }
}
