// The model.* channels: open, use the demo, download and tune the CLIP model the app (and the open
// project) uses, and the catalog of downloadable models with what this machine has of each.
import type { Handlers } from '../../../shared/contract'
import { chooseVariant, findCatalogEntry } from '../../clip/catalog'
import { DEFAULT_REPO, downloadModel } from '../../clip/download'
import { demoModelDir } from '../../paths'
import { catalogModels } from '../core/catalog'
import type { ServiceContext } from '../core/context'

export type ModelHandlers = Pick<
  Handlers,
  'model.status' | 'model.open' | 'model.useDemo' | 'model.download' | 'model.setOptions' | 'model.catalog'
>

export function createModelHandlers(ctx: ServiceContext): ModelHandlers {
  return {
    'model.status': async () => ctx.models.status(),
    'model.open': async ({ path }) => {
      ctx.assertModelFree()
      const e = await ctx.models.open(path)
      ctx.projectOrNull()?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
      return ctx.models.status()
    },
    'model.useDemo': async () => {
      ctx.assertModelFree()
      const e = await ctx.models.open(demoModelDir())
      ctx.projectOrNull()?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
      return ctx.models.status()
    },
    'model.download': async ({ model, variant: asked }) => {
      const entry = findCatalogEntry(model ?? DEFAULT_REPO)
      const variant = chooseVariant(entry, asked)
      const h = ctx.jobs.start(
        'download',
        async (jc) => {
          const dir = await downloadModel({
            repo: entry.repo,
            variant,
            signal: jc.signal,
            onProgress: (p) => jc.progress(p.overallBytes, p.overallTotalBytes ?? p.overallBytes, p.file)
          })
          // a text encoder is chosen per project for its image embeddings: it does not replace the model
          if (entry.family === 'mclip') return `Downloaded to ${dir}: choose it as a project's text encoder`
          const e = await ctx.models.open(dir, { variant })
          ctx.projectOrNull()?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
          return `Downloaded to ${dir}`
        },
        { exclusive: true }
      )
      return { jobId: h.id }
    },
    'model.setOptions': async (o) => {
      ctx.assertModelFree()
      const status = await ctx.models.setOptions(o)
      ctx
        .projectOrNull()
        ?.updateSettings({ ...(o.variant ? { variant: o.variant } : {}), ...(o.ep ? { ep: o.ep } : {}) })
      return status
    },
    'model.catalog': async () => catalogModels(ctx.models.status().path)
  }
}
