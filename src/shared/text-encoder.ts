// The contract of a project's text encoder (docs/multilingual.md): M-CLIP's multilingual text
// side in place of the image model's own, for a project whose images stay embedded as they are.
import { z } from 'zod'
import type { ProjectSummary } from './domain'

export const textEncoderSchemas = {
  /**
   * model: a catalog id of a text encoder (mclip-xlmr-b32, mclip-xlmr-l14), its Hub repo, or a
   * model folder in Immich's layout; null goes back to the image model's own text encoder. Every
   * image is re-scored from its cached embedding afterwards.
   */
  'project.setTextEncoder': z.object({ model: z.string().trim().min(1).max(4096).nullable() })
} as const

export interface TextEncoderOutputs {
  'project.setTextEncoder': ProjectSummary
}
