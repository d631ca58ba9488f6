// What project.openSample can open: the sample of the demo world as a single-label or a tags
// project, with its labels in English or (single-label only) in Chinese, the two languages the
// bundled demo model reads.
import { z } from 'zod'
import { PROJECT_KINDS } from './tags'

export const SAMPLE_LANGUAGES = ['en', 'zh'] as const
export type SampleLanguage = (typeof SAMPLE_LANGUAGES)[number]

export const openSampleInput = z
  .object({ kind: z.enum(PROJECT_KINDS).optional(), language: z.enum(SAMPLE_LANGUAGES).optional() })
  .strict()
