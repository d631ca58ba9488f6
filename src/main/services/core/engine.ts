// The engine as the read paths want it: the loaded (or loadable) model, or null when there is no
// model at all, so what works from cached prompts (adapter, compare, mistakes) still works.
import { toAppError } from '../../../shared/errors'
import type { ProjectContext } from './context'
import type { EngineGetter } from './project-data'

export function engineGetter(ctx: Pick<ProjectContext, 'engine'>): EngineGetter {
  return async () => {
    try {
      return await ctx.engine()
    } catch (err) {
      if (toAppError(err).code === 'no_model') return null
      throw err
    }
  }
}
