// The downloadable models (clip/catalog.ts) with what this machine has of each.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CatalogModel } from '../../../shared/catalog'
import { CATALOG } from '../../clip/catalog'
import { defaultModelDir } from '../../clip/download'
import { folderVariants } from '../../clip/immich-folder'

export function catalogModels(loadedPath: string | null): CatalogModel[] {
  const loaded = loadedPath ? resolve(loadedPath) : null
  return CATALOG.map((e) => {
    const dir = defaultModelDir(e.repo)
    const have = existsSync(join(dir, 'config.json')) ? folderVariants(dir) : []
    return { ...e, dir, downloadedVariants: have, loaded: loaded === resolve(dir) }
  })
}
