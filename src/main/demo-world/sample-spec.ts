// Which sample project project.openSample opens: its file name, project name, labels and
// templates, by kind (single-label or tags) and language (the demo model reads English and Chinese).
import type { LabelInput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { SAMPLE_LABELS, SAMPLE_TEMPLATES } from './sample'
import { SAMPLE_TAG_TEMPLATES, SAMPLE_TAGS } from './sample-tags'
import type { SampleLanguages } from './sample-languages'
import { SAMPLE_LABELS_ZH, SAMPLE_LANGUAGES_ZH, SAMPLE_TEMPLATES_ZH } from './sample-zh'

export interface SampleSpec {
  /** the project file's name in the data folder's sample/ */
  file: string
  name: string
  labels: LabelInput[]
  templates: string[]
  /** a second language beside the labels' own (applySampleLanguages, once the file is created) */
  languages?: SampleLanguages
}

export function sampleSpec(tags: boolean, chinese: boolean): SampleSpec {
  if (tags && chinese)
    // tags are scored against English neutral prompts (clip/tag-scores.ts): no Chinese tags sample
    throw new AppError(
      'invalid_input',
      'The tags sample project is in English only: open it without language "zh".'
    )
  if (tags)
    return {
      file: 'sample-tags.zebra',
      name: 'Sample project (tags)',
      labels: SAMPLE_TAGS,
      templates: SAMPLE_TAG_TEMPLATES
    }
  if (chinese)
    return {
      file: 'sample-zh.zebra',
      name: 'Sample project (Chinese)',
      labels: SAMPLE_LABELS_ZH,
      templates: SAMPLE_TEMPLATES_ZH,
      languages: SAMPLE_LANGUAGES_ZH
    }
  return { file: 'sample.zebra', name: 'Sample project', labels: SAMPLE_LABELS, templates: SAMPLE_TEMPLATES }
}
