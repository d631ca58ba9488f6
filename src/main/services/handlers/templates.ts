// The templates.* channels: save, edit and choose the default prompt template set (a new default
// rescores the cached embeddings).
import type { Handlers } from '../../../shared/contract'
import type { ServiceContext } from '../core/context'

export type TemplateHandlers = Pick<Handlers, 'templates.save' | 'templates.setDefault' | 'templates.update'>

export function createTemplateHandlers(ctx: ServiceContext): TemplateHandlers {
  return {
    'templates.save': async ({ name, templates, makeDefault, language }) => {
      const p = ctx.project()
      const t = p.saveTemplateSet(name, templates, makeDefault, language)
      ctx.emit('project.changed', { reason: 'templates' })
      if (makeDefault) await ctx.rescoreIfEmbedded(p)
      return t
    },
    'templates.setDefault': async ({ id }) => {
      const p = ctx.project()
      const was = p.activeTemplateSetId()
      p.setActiveTemplateSet(id)
      ctx.emit('project.changed', { reason: 'templates' })
      if (was !== id) await ctx.rescoreIfEmbedded(p)
      return p.summary()
    },
    'templates.update': async ({ id, name, templates, language }) => {
      const p = ctx.project()
      const r = p.updateTemplateSet(id, { name, templates, language })
      ctx.emit('project.changed', { reason: 'templates' })
      if (r.promptsChanged) await ctx.rescoreIfEmbedded(p)
      return r.set
    }
  }
}
