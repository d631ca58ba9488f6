// The downloadable models (clip/catalog.ts) with what this machine has of each.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CatalogEntry, CatalogModel } from '../../../shared/catalog'
import type { Variant } from '../../../shared/contract'
import { CATALOG } from '../../clip/catalog'
import { defaultModelDir } from '../../clip/download'
import { availableVariants } from '../../clip/model-folder'
import { isImmichLayout } from '../../clip/immich-folder'

/** Variants complete in a folder; Immich's layout has one, fp32 (textual/ + visual/ model.onnx). */
function downloaded(e: CatalogEntry, dir: string): Variant[] {
  if (e.layout !== 'immich') return availableVariants(dir)
  return isImmichLayout(dir) ? ['fp32'] : []
}

export function catalogModels(loadedPath: string | null): CatalogModel[] {
  const loaded = loadedPath ? resolve(loadedPath) : null
  return CATALOG.map((e) => {
    const dir = defaultModelDir(e.repo)
    const have = existsSync(join(dir, 'config.json')) ? downloaded(e, dir) : []
    return { ...e, dir, downloadedVariants: have, loaded: loaded === resolve(dir) }
  })
}
