// Re-scoring a project's suggestions from cached embeddings, as a job, after its classifier changed
// (default template set, labels). Shared by the label, template and compare rooms.
import type { Project } from '../../db/project'
import { rescore } from '../../jobs/prelabel'
import type { ServiceContext } from './context'
import { engineGetter } from './engine'
import { embeddingModelId } from './project-data'

/**
 * Starts a rescore job of the project's suggestions from cached embeddings. A running one is
 * cancelled first (its template set is stale) and awaited, so two never write at once. Returns the
 * job id, or null when the project has no embeddings to rescore. `all` re-scores every image (the
 * prompts' vectors changed, e.g. another text encoder), not only those of an older classifier.
 */
export async function startRescore(
  ctx: ServiceContext,
  project: Project,
  opts: { all?: boolean } = {}
): Promise<string | null> {
  let modelId: string
  try {
    modelId = embeddingModelId(project)
  } catch {
    return null
  }
  const stale = ctx.jobs.running().filter((j) => j.kind === 'rescore')
  for (const j of stale) ctx.jobs.cancel(j.jobId)
  await Promise.all(stale.map((j) => ctx.jobs.finished(j.jobId)))
  const getEngine = engineGetter(ctx)
  const handle = ctx.jobs.start(
    'rescore',
    async (jc) => {
      const engine = await getEngine()
      const r = await rescore(project, modelId, engine && engine.modelId === modelId ? engine : null, {
        signal: jc.signal,
        onProgress: (done, total) => jc.progress(done, total),
        all: opts.all
      })
      ctx.emit('project.changed', { reason: 'rescore' })
      return `${r.rescored} images re-scored`
    },
    { exclusive: true }
  )
  return handle.id
}
