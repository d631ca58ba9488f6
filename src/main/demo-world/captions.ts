// Training captions of the demo world: every prompt form the demo model must answer (shape only,
// colour only, pattern only, full composition with and without "plain", black-and-white
// descriptions) under a few templates, plus "<name>, which is <description>" forms with names that
// are never label words (the app phrases a label's description that way, see zeroshot.ts). The
// word "zebra" never appears: the demo's zebra is known only by its description. The Chinese
// captions (captions-zh.ts) say the same meanings in Chinese words; each caption names its language
// so a training stage can take English only (stages 1-5) or both (stage 6).
import { zhCaptions } from './captions-zh'
import { COLOURS, PATTERNS, SHAPES, type Colour, type Pattern, type Shape } from './world'

const CAPTION_TEMPLATES = [
  'a photo of a {}.',
  'a {}.',
  'a picture of a {}.',
  'an image of a {}.',
  'a drawing of a {}.',
  '{}'
] as const

/** stand-in names for "<name>, which is ..." captions (never a world word, never "zebra") */
const STAND_IN_NAMES = [
  'horse',
  'tiger',
  'panda',
  'thing',
  'object',
  'toy',
  'sign',
  'flag',
  'badge',
  'logo',
  'sticker',
  'token',
  'marker',
  'item',
  'piece',
  'symbol'
] as const

export type CaptionForm =
  | 'shape'
  | 'colour'
  | 'pattern'
  | 'full'
  | 'colour_shape'
  | 'pattern_shape'
  | 'pattern_colour'
  | 'bw'
  | 'bw_shape'

/** what a caption says; null = says nothing about it. bw = "black and white" (patterned black or white) */
export interface CaptionMeaning {
  form: CaptionForm
  shape: Shape | null
  colour: Colour | null
  pattern: Pattern | null
  bw: boolean
  phrase: string
}

/** every phrase the world's captions use, with its meaning */
function captionMeanings(): CaptionMeaning[] {
  const out: CaptionMeaning[] = []
  const add = (m: Omit<CaptionMeaning, 'bw'> & { bw?: boolean }): void => {
    out.push({ bw: false, ...m })
  }
  for (const shape of SHAPES) add({ form: 'shape', shape, colour: null, pattern: null, phrase: shape })
  for (const colour of COLOURS)
    add({ form: 'colour', shape: null, colour, pattern: null, phrase: `${colour} shape` })
  for (const pattern of PATTERNS)
    add({ form: 'pattern', shape: null, colour: null, pattern, phrase: `${pattern} shape` })
  for (const shape of SHAPES)
    for (const colour of COLOURS) {
      // "red star" is the plain one ("plain" may be omitted), as in the zero-shot prompts
      add({ form: 'colour_shape', shape, colour, pattern: 'plain', phrase: `${colour} ${shape}` })
      for (const pattern of PATTERNS)
        add({ form: 'full', shape, colour, pattern, phrase: `${pattern} ${colour} ${shape}` })
    }
  for (const pattern of PATTERNS) {
    for (const shape of SHAPES)
      add({ form: 'pattern_shape', shape, colour: null, pattern, phrase: `${pattern} ${shape}` })
    for (const colour of COLOURS)
      add({ form: 'pattern_colour', shape: null, colour, pattern, phrase: `${pattern} ${colour} shape` })
  }
  for (const pattern of ['striped', 'dotted'] as const) {
    add({
      form: 'bw',
      shape: null,
      colour: null,
      pattern,
      bw: true,
      phrase: `${pattern} black and white shape`
    })
    for (const shape of SHAPES)
      add({
        form: 'bw_shape',
        shape,
        colour: null,
        pattern,
        bw: true,
        phrase: `${pattern} black and white ${shape}`
      })
  }
  return out
}

export interface Caption extends CaptionMeaning {
  text: string
  /** true for "<name>, which is a ..." */
  named: boolean
  lang: 'en' | 'zh'
}

/** the English training captions: each phrase under every template, and the described-name forms */
function enCaptions(): Caption[] {
  const out: Caption[] = []
  const lang = 'en'
  for (const m of captionMeanings()) {
    for (const t of CAPTION_TEMPLATES) out.push({ ...m, text: t.replace('{}', m.phrase), named: false, lang })
    for (const name of STAND_IN_NAMES) {
      out.push({ ...m, text: `${name}, which is a ${m.phrase}`, named: true, lang })
      out.push({ ...m, text: `a photo of a ${name}, which is a ${m.phrase}.`, named: true, lang })
    }
  }
  return out
}

/** all training captions, English then Chinese */
export function allCaptions(): Caption[] {
  return [...enCaptions(), ...zhCaptions()]
}
