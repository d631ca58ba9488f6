// The embeddings.* channel: import image embeddings computed elsewhere (clip-retrieval, .npy) as a
// job, for the model the user names (core/import-embeddings.ts, shared with the CLI).
import type { Handlers } from '../../../shared/contract'
import type { ImportEmbeddingsResult } from '../../../shared/models-report'
import { AppError } from '../../../shared/errors'
import type { ServiceContext } from '../core/context'
import { importEmbeddingsWith, resolveNamedModel } from '../core/import-embeddings'
import { modelName } from '../core/model'

export type EmbeddingHandlers = Pick<Handlers, 'embeddings.import'>

export function createEmbeddingHandlers(ctx: ServiceContext): EmbeddingHandlers {
  return {
    'embeddings.import': async ({ dir, model, variant }) => {
      const p = ctx.project()
      // the job lock is per process: in the app, a pre-label of this process must be asked here
      if (ctx.jobs.running().some((j) => j.kind === 'prelabel' || j.kind === 'rescore')) {
        throw new AppError(
          'busy',
          'Pre-labelling is running: cancel it (or let it finish) before importing embeddings.'
        )
      }
      const named = await resolveNamedModel(p, model, variant)
      let result: ImportEmbeddingsResult | null = null
      const h = ctx.jobs.start(
        'import-embeddings',
        async (jc) => {
          result = await importEmbeddingsWith(p, dir, named, ctx.engineOrNull(), p.settings().ep, {
            signal: jc.signal,
            onProgress: (d, t) => jc.progress(d, t)
          })
          if (ctx.projectOrNull() === p) ctx.emit('project.changed', { reason: 'prelabel' })
          return `${result.matched} embeddings of ${modelName(named.info.dir === '-' ? named.info.name : named.info.dir)} imported`
        },
        { exclusive: true }
      )
      const fin = await h.finished
      if (fin.state !== 'done' || !result) {
        if (fin.error) throw new AppError(fin.error.code, fin.error.message, fin.error.details)
        throw new AppError('cancelled', 'The import was cancelled.')
      }
      return result
    }
  }
}
