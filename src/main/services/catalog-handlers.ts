// model.catalog: the downloadable models (clip/catalog.ts) with what this machine has of each.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CatalogModel } from '../../shared/catalog'
import type { Handlers } from '../../shared/contract'
import { CATALOG } from '../clip/catalog'
import { defaultModelDir } from '../clip/download'
import { availableVariants } from '../clip/model-folder'
import type { ServiceState } from './state'

function catalogModels(loadedPath: string | null): CatalogModel[] {
  const loaded = loadedPath ? resolve(loadedPath) : null
  return CATALOG.map((e) => {
    const dir = defaultModelDir(e.repo)
    const have = existsSync(join(dir, 'config.json')) ? availableVariants(dir) : []
    return { ...e, dir, downloadedVariants: have, loaded: loaded === resolve(dir) }
  })
}

export function createCatalogHandlers(st: ServiceState): Pick<Handlers, 'model.catalog'> {
  return {
    'model.catalog': async () => catalogModels(st.models.status().path)
  }
}
