// Choosing a project's text encoder (docs/multilingual.md): M-CLIP's multilingual text side for a
// ViT-B/32 or ViT-L/14 project, whose cached image embeddings stay as they are. Shared by the
// project.setTextEncoder channel and `zebra text-encoder`.
import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { ProjectTextEncoder } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { CATALOG } from '../../clip/catalog'
import { defaultModelDir } from '../../clip/download'
import { sharedTextEncoder } from '../../clip/text-encoder-cache'
import { modelInfo } from '../../db/predictions'
import type { Project } from '../../db/project'
import { embeddingModelId } from './project-data'

/** A catalog text encoder's downloaded folder, or the folder given; with the catalog name when known. */
function textEncoderDir(arg: string): { dir: string; name: string } {
  const k = arg.trim().toLowerCase()
  const entry = CATALOG.find((c) => c.id === k || c.repo.toLowerCase() === k)
  if (!entry) return { dir: resolve(arg), name: basename(resolve(arg)) }
  const encoders = CATALOG.filter((c) => c.family === 'mclip').map((c) => c.id)
  if (entry.family !== 'mclip') {
    throw new AppError(
      'invalid_input',
      `${entry.name} is a whole model, not a text encoder for another model's images. Text encoders: ${encoders.join(', ')}.`
    )
  }
  const dir = defaultModelDir(entry.repo)
  if (!existsSync(dir)) {
    throw new AppError(
      'invalid_input',
      `${entry.name} is not downloaded yet: download it first (Model screen, or zebra models download --model ${entry.id}).`,
      { remedy: 'choose_model' }
    )
  }
  return { dir, name: entry.name }
}

/**
 * Sets (or with null clears) the text encoder of a project. It pairs with the image model whose
 * embeddings the project holds, so the project must be pre-labelled, and its embedding size must
 * match theirs. The caller re-scores every image afterwards (the prompts' vectors changed).
 */
export async function chooseTextEncoder(
  project: Project,
  arg: string | null
): Promise<ProjectTextEncoder | null> {
  if (arg === null) {
    project.updateSettings({ textEncoder: null })
    return null
  }
  const modelId = embeddingModelId(project)
  const { dir, name } = textEncoderDir(arg)
  const enc = await sharedTextEncoder(dir, null, { ep: project.settings().ep })
  const image = modelInfo(project.db, modelId)
  if (image && image.embedDim !== enc.embedDim) {
    throw new AppError(
      'invalid_input',
      `${name} gives ${enc.embedDim}-value text embeddings but this project's images have ${image.embedDim} (${image.name}): choose the text encoder made for that image model (M-CLIP ViT-B/32: 512, ViT-L/14: 768).`,
      { textDim: enc.embedDim, imageDim: image.embedDim }
    )
  }
  const te: ProjectTextEncoder = { dir: enc.dir, id: enc.id, name, embedDim: enc.embedDim, modelId }
  project.updateSettings({ textEncoder: te })
  return te
}
