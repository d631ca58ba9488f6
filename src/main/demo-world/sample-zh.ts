// The sample project in Chinese (project.openSample with { language: 'zh' }): the same images and
// the same classes as the English one (sample.ts), named in the Chinese words the
// demo model learned (words-zh.ts), under the Chinese photo template. The zebra is 斑马, a word the
// model never saw, told by its description: 黑白条纹的形状 (a striped black and white shape).
import type { LabelInput } from '../../shared/contract'
import { SAMPLE_LABELS, SAMPLE_TEMPLATES, sampleMembers } from './sample'
import type { SampleLanguages } from './sample-languages'
import type { Composition } from './world'
import {
  BLACK_AND_WHITE_ZH,
  COLOUR_ZH,
  PATTERN_ZH,
  PHOTO_TEMPLATE_ZH,
  SHAPE_NOUN_ZH,
  SHAPE_ZH
} from './words-zh'

/** each English sample label's Chinese label, in SAMPLE_LABELS' order */
const ZH_NAMES: Record<string, LabelInput> = {
  'red circle': { name: `${COLOUR_ZH.red}${SHAPE_ZH.circle}` },
  'blue square': { name: `${COLOUR_ZH.blue}${SHAPE_ZH.square}` },
  'green cross': { name: `${COLOUR_ZH.green}${SHAPE_ZH.cross}` },
  'dotted triangle': { name: `${PATTERN_ZH.dotted}${SHAPE_ZH.triangle}` },
  'yellow star': { name: `${COLOUR_ZH.yellow}${SHAPE_ZH.star}` },
  'orange star': { name: `${COLOUR_ZH.orange}${SHAPE_ZH.star}` },
  zebra: { name: '斑马', descriptions: [`${BLACK_AND_WHITE_ZH}${PATTERN_ZH.striped}的${SHAPE_NOUN_ZH}`] }
}

export const SAMPLE_LABELS_ZH: LabelInput[] = SAMPLE_LABELS.map((l) => ZH_NAMES[l.name])

export const SAMPLE_TEMPLATES_ZH = [PHOTO_TEMPLATE_ZH]

/** each label's English name (the English sample's) and the English sample's template as a second
 * set, so the English prompts can be compared against the Chinese ones on the same decisions */
export const SAMPLE_LANGUAGES_ZH: SampleLanguages = {
  own: { language: 'zh', setName: '中文' },
  other: {
    language: 'en',
    setName: 'English',
    templates: SAMPLE_TEMPLATES,
    names: Object.fromEntries(
      SAMPLE_LABELS.map((l) => [ZH_NAMES[l.name].name, { name: l.name, descriptions: l.descriptions ?? [] }])
    )
  }
}

/** the compositions each Chinese sample label's images are drawn from (its English label's) */
export function sampleMembersZh(label: string): Composition[] {
  const en = SAMPLE_LABELS.find((l) => ZH_NAMES[l.name].name === label)
  if (!en) throw new Error(`not a Chinese sample label: ${label}`)
  return sampleMembers(en.name)
}
