// A project's text encoder (settings.textEncoder, docs/multilingual.md) as the scoring code meets
// it: which image model it pairs with, the key its prompt embeddings are cached under in the
// project file, and the function that encodes prompts with it.
import type { ProjectTextEncoder } from '../../shared/contract'
import { sharedTextEncoder } from '../clip/text-encoder-cache'
import type { Project } from '../db/project'

/** The project's text encoder when it is paired with the image model `modelId`, else null. */
export function projectTextEncoder(project: Project, modelId: string): ProjectTextEncoder | null {
  const enc = project.settings().textEncoder
  return enc && enc.modelId === modelId ? enc : null
}

/**
 * The model id prompt embeddings are cached under: the image model's own id, or with a text
 * encoder both ids, so switching encoders never reuses the other encoder's vectors.
 */
export function textCacheModelId(modelId: string, enc: ProjectTextEncoder | null): string {
  return enc ? `${modelId}+text:${enc.id}` : modelId
}

/** Encodes prompts with the project's text encoder (loaded once per process). */
export function encoderEmbed(
  project: Project,
  enc: ProjectTextEncoder
): (prompts: string[]) => Promise<Float32Array[]> {
  return async (prompts) => {
    const e = await sharedTextEncoder(enc.dir, enc.id, { ep: project.settings().ep })
    return e.embedTexts(prompts)
  }
}
