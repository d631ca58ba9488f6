// The search.* channel: images most like a free-text description (the same body as `zebra search`).
import type { Handlers } from '../../../shared/contract'
import type { ServiceContext } from '../core/context'
import { EmbeddingCache } from '../core/adapter-cache'
import { engineGetter } from '../core/engine'
import { searchText } from '../core/reach'

export type SearchHandlers = Pick<Handlers, 'search.text'>

export function createSearchHandlers(ctx: ServiceContext, cache = EmbeddingCache.shared): SearchHandlers {
  return {
    'search.text': async ({ query, limit }) =>
      searchText(ctx.project(), engineGetter(ctx), cache, query, limit)
  }
}
