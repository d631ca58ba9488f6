// Engines of the models a project holds embeddings of, loaded on demand from their folders (the
// folder the project used, else the data folder's downloaded models, else the demo model) and
// disposed together. The app's loaded engine is reused when it is the model asked for.
import type { ExecutionProvider } from '../../../shared/contract'
import { loadEngine } from '../../clip/engine'
import { findModelFolder } from '../../clip/model-lookup'
import type { ClipEngine } from '../../clip/types'
import { modelInfo } from '../../db/predictions'
import type { Project } from '../../db/project'

export interface ModelEngines {
  /** the engine of `modelId`, or null when no folder of that model is found */
  get(modelId: string): Promise<ClipEngine | null>
  /** whether a folder of `modelId` can be found (no session is loaded) */
  available(modelId: string): Promise<boolean>
  /** disposes the engines loaded here (never the app's) */
  dispose(): Promise<void>
}

export function modelEngines(
  project: Project,
  loaded: ClipEngine | null,
  ep: ExecutionProvider = project.settings().ep
): ModelEngines {
  const engines = new Map<string, Promise<ClipEngine | null>>()
  const folders = new Map<string, ReturnType<typeof findModelFolder>>()
  const folderOf = (id: string): ReturnType<typeof findModelFolder> => {
    let f = folders.get(id)
    if (!f) {
      const info = modelInfo(project.db, id)
      f = findModelFolder(id, info ? { dir: info.dir, variant: info.variant } : undefined)
      folders.set(id, f)
    }
    return f
  }
  return {
    async get(modelId) {
      if (loaded?.modelId === modelId) return loaded
      let e = engines.get(modelId)
      if (!e) {
        e = folderOf(modelId).then((f) =>
          f ? loadEngine({ modelDir: f.dir, variant: f.variant, ep }) : null
        )
        engines.set(modelId, e)
      }
      return e
    },
    async available(modelId) {
      return loaded?.modelId === modelId || (await folderOf(modelId)) !== null
    },
    async dispose() {
      const all = await Promise.all([...engines.values()].map((p) => p.catch(() => null)))
      await Promise.all(all.map((e) => (e && e !== loaded ? e.dispose().catch(() => undefined) : undefined)))
      engines.clear()
    }
  }
}
