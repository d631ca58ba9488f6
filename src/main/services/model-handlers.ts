// model.*: open, use the demo, download and tune the CLIP model the app (and the open project) uses.
import type { Handlers } from '../../shared/contract'
import { chooseVariant, findCatalogEntry } from '../clip/catalog'
import { DEFAULT_REPO, downloadModel } from '../clip/download'
import { demoModelDir } from '../paths'
import type { ServiceState } from './state'

export type ModelHandlers = Pick<
  Handlers,
  'model.status' | 'model.open' | 'model.useDemo' | 'model.download' | 'model.setOptions'
>

export function createModelHandlers(st: ServiceState): ModelHandlers {
  const { ctx } = st
  return {
    'model.status': async () => st.models.status(),
    'model.open': async ({ path }) => {
      st.assertModelFree()
      const e = await st.models.open(path)
      ctx.projectOrNull()?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
      return st.models.status()
    },
    'model.useDemo': async () => {
      st.assertModelFree()
      const e = await st.models.open(demoModelDir())
      ctx.projectOrNull()?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
      return st.models.status()
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
          const e = await st.models.open(dir, { variant })
          ctx.projectOrNull()?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
          return `Downloaded to ${dir}`
        },
        { exclusive: true }
      )
      return { jobId: h.id }
    },
    'model.setOptions': async (o) => {
      st.assertModelFree()
      const status = await st.models.setOptions(o)
      ctx
        .projectOrNull()
        ?.updateSettings({ ...(o.variant ? { variant: o.variant } : {}), ...(o.ep ? { ep: o.ep } : {}) })
      return status
    }
  }
}
