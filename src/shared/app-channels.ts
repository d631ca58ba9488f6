// The app.* channels: what the app knows about itself (version, paths, the annotator name, the
// interface's language), and setting the two that are the user's choice.
import { z } from 'zod'
import type { AppInfo } from './domain'
import { LANGUAGE_CHOICES } from './i18n/language'

export const appSchemas = {
  'app.info': z.object({}).strict(),
  'app.setAnnotator': z.object({ annotator: z.string().trim().min(1).max(100) }),
  'app.setLanguage': z.object({ language: z.enum(LANGUAGE_CHOICES) })
} as const

export interface AppOutputs {
  'app.info': AppInfo
  'app.setAnnotator': AppInfo
  'app.setLanguage': AppInfo
}
