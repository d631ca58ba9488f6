// Timing a model on a small sample of the project's images, for a model whose speed was never
// measured on this machine (its embeddings were imported, or made before runs were recorded).
// What it times is what pre-labelling does per image: decode, preprocess and the vision model.
import { hostname } from 'node:os'
import type { ClipEngine } from '../clip/types'
import { firstOkImageIds } from '../db/embeddings'
import { recordModelRun } from '../db/model-runs'
import type { Project } from '../db/project'

const SPEED_SAMPLE = 16

/** Times `engine` on up to `size` images (after one warm-up image) and records it as a 'sample' run. */
export async function measureSampleSpeed(
  project: Project,
  engine: Pick<ClipEngine, 'modelId' | 'provider' | 'embedImages'>,
  size = SPEED_SAMPLE
): Promise<{ images: number; seconds: number } | null> {
  const files = firstOkImageIds(project.db, size + 1).map((id) => project.imageFile(id))
  if (files.length < 2) return null
  // the first run of a session allocates and optimises: not part of the steady rate
  await engine.embedImages(files.slice(0, 1))
  const timed = files.slice(1)
  const t0 = performance.now()
  const res = await engine.embedImages(timed)
  const seconds = (performance.now() - t0) / 1000
  const images = res.filter((r) => r.embedding).length
  if (images === 0 || seconds <= 0) return null
  recordModelRun(project.db, {
    modelId: engine.modelId,
    kind: 'sample',
    images,
    seconds,
    provider: engine.provider,
    host: hostname()
  })
  return { images, seconds }
}
