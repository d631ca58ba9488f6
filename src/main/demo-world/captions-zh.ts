// The demo world's training captions in Chinese (words-zh.ts): the same meanings and forms as the
// English ones (captions.ts), each meaning in one or two natural phrasings ("红色的星形" and
// "红色星形"), under Chinese templates. The described-name forms are the ones the app writes for a
// label's description, whatever the language of its words: "<name>, which is <description>" and
// "a photo of a <name>, which is <description>." (zeroshot.ts), here with Chinese names and
// descriptions. "斑马" (zebra) never appears, nor its characters.
import type { Caption, CaptionMeaning } from './captions'
import { COLOURS, PATTERNS, SHAPES } from './world'
import {
  BLACK_AND_WHITE_ZH as BW,
  COLOUR_ZH,
  PATTERN_ZH,
  PHOTO_TEMPLATE_ZH,
  SHAPE_NOUN_ZH as NOUN,
  SHAPE_ZH
} from './words-zh'

/** "a photo of a {}.", "a {}.", "a picture of a {}.", "a drawing of a {}.", "{}" */
const TEMPLATES_ZH = [PHOTO_TEMPLATE_ZH, '一个{}。', '一幅{}的图片。', '一幅{}的画。', '{}'] as const

/** stand-in names for the described-name captions (never a world word, never 斑 or 马) */
const STAND_IN_NAMES_ZH = [
  '老虎',
  '熊猫',
  '东西',
  '物体',
  '玩具',
  '标志',
  '旗子',
  '徽章',
  '图标',
  '贴纸',
  '记号',
  '物品',
  '图案',
  '符号',
  '牌子',
  '卡片'
] as const

type Meaning = Omit<CaptionMeaning, 'phrase'>

/** each meaning with its Chinese phrasings */
function meaningsZh(): { m: Meaning; phrases: string[] }[] {
  const out: { m: Meaning; phrases: string[] }[] = []
  const add = (m: Omit<Meaning, 'bw'> & { bw?: boolean }, ...phrases: string[]): void => {
    out.push({ m: { bw: false, ...m }, phrases })
  }
  for (const shape of SHAPES) add({ form: 'shape', shape, colour: null, pattern: null }, SHAPE_ZH[shape])
  for (const colour of COLOURS) {
    const c = COLOUR_ZH[colour]
    add({ form: 'colour', shape: null, colour, pattern: null }, c, `${c}的${NOUN}`)
  }
  for (const pattern of PATTERNS) {
    const p = PATTERN_ZH[pattern]
    add({ form: 'pattern', shape: null, colour: null, pattern }, p, `${p}的${NOUN}`)
  }
  for (const shape of SHAPES)
    for (const colour of COLOURS) {
      const [s, c] = [SHAPE_ZH[shape], COLOUR_ZH[colour]]
      add({ form: 'colour_shape', shape, colour, pattern: 'plain' }, `${c}的${s}`, `${c}${s}`)
      for (const pattern of PATTERNS) {
        const p = PATTERN_ZH[pattern]
        add({ form: 'full', shape, colour, pattern }, `${c}${p}的${s}`, `${p}的${c}${s}`)
      }
    }
  for (const pattern of PATTERNS) {
    const p = PATTERN_ZH[pattern]
    for (const shape of SHAPES)
      add(
        { form: 'pattern_shape', shape, colour: null, pattern },
        `${p}的${SHAPE_ZH[shape]}`,
        `${p}${SHAPE_ZH[shape]}`
      )
    for (const colour of COLOURS)
      add({ form: 'pattern_colour', shape: null, colour, pattern }, `${COLOUR_ZH[colour]}${p}的${NOUN}`)
  }
  for (const pattern of ['striped', 'dotted'] as const) {
    const p = PATTERN_ZH[pattern]
    const m = { shape: null, colour: null, pattern, bw: true }
    add({ ...m, form: 'bw' }, `${BW}${p}的${NOUN}`, `${BW}${p}`)
    for (const shape of SHAPES) add({ ...m, shape, form: 'bw_shape' }, `${BW}${p}的${SHAPE_ZH[shape]}`)
  }
  return out
}

/** the Chinese training captions: each phrasing under every template and the described-name forms */
export function zhCaptions(): Caption[] {
  const out: Caption[] = []
  const lang = 'zh'
  for (const { m, phrases } of meaningsZh())
    for (const phrase of phrases) {
      for (const t of TEMPLATES_ZH)
        out.push({ ...m, phrase, text: t.replace('{}', phrase), named: false, lang })
      for (const name of STAND_IN_NAMES_ZH) {
        out.push({ ...m, phrase, text: `${name}, which is ${phrase}`, named: true, lang })
        out.push({ ...m, phrase, text: `a photo of a ${name}, which is ${phrase}.`, named: true, lang })
      }
    }
  return out
}
