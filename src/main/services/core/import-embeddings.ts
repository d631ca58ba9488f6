// embeddings.import and `zebra import-embeddings`: which model the user named (a folder, 'demo',
// a downloaded owner/name, or a model id the project or the data folder knows), its engine when
// its folder is here, then the import job (jobs/import-embeddings.ts).
import { basename } from 'node:path'
import type { ExecutionProvider, Variant } from '../../../shared/contract'
import type { ImportEmbeddingsResult } from '../../../shared/models-report'
import { AppError } from '../../../shared/errors'
import { loadEngine } from '../../clip/engine'
import { looksLikeModelId, modelFolderForArg } from '../../clip/model-lookup'
import type { ModelFolder } from '../../clip/model-folder'
import type { ClipEngine } from '../../clip/types'
import { modelInfo, type ModelInfo } from '../../db/predictions'
import type { Project } from '../../db/project'
import { importEmbeddings } from '../../jobs/import-embeddings'
import { modelsDir } from '../../paths'

/** A folder whose config.json names no projection size (MobileCLIP): its graphs say. */
async function graphEmbedDim(folder: ModelFolder): Promise<number> {
  const engine = await loadEngine({ modelDir: folder.dir, variant: folder.variant, ep: 'cpu' })
  try {
    return engine.embedDim
  } finally {
    await engine.dispose()
  }
}

export interface NamedModel {
  info: ModelInfo
  /** null: known by id only, its folder is not here */
  folder: ModelFolder | null
}

/** The model a --model argument (or the dialog's choice) names; throws invalid_input when none. */
export async function resolveNamedModel(
  project: Project,
  arg: string,
  variant?: Variant
): Promise<NamedModel> {
  const folder = await modelFolderForArg(arg, variant)
  if (folder) {
    return {
      folder,
      info: {
        modelId: folder.modelId,
        // the name pre-labelling records (prelabel.ts), so one model reads the same either way
        name: basename(folder.dir),
        dir: folder.dir,
        variant: folder.variant,
        embedDim: folder.embedDim ?? (await graphEmbedDim(folder))
      }
    }
  }
  const known = looksLikeModelId(arg) ? modelInfo(project.db, arg) : null
  if (!known) {
    throw new AppError(
      'invalid_input',
      `No model with id ${arg} is known here: this project never used it and no folder in ${modelsDir()} has it. Name the model's folder instead.`
    )
  }
  return { folder: null, info: known }
}

export async function importEmbeddingsWith(
  project: Project,
  dir: string,
  named: NamedModel,
  loaded: ClipEngine | null,
  ep: ExecutionProvider,
  job: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}
): Promise<ImportEmbeddingsResult> {
  const own = named.folder && loaded?.modelId !== named.info.modelId
  const engine = named.folder
    ? own
      ? await loadEngine({ modelDir: named.folder.dir, variant: named.folder.variant, ep })
      : loaded
    : null
  try {
    return await importEmbeddings(project, { dir, model: named.info, engine, ...job })
  } finally {
    if (own && engine) await engine.dispose()
  }
}
