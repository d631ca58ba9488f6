// The demo world's words in Chinese: one word per shape, colour and pattern, and the phrases the
// Chinese captions, the Chinese sample project and its outcome test build from them. Chinese puts
// attributes before the noun with 的 ("红色条纹的星形": a red striped star), and a bare colour or
// pattern word ("红色", "条纹") names the attribute as readily as "红色的形状" (a red shape).
import type { Colour, Composition, Pattern, Shape } from './world'

export const SHAPE_ZH: Record<Shape, string> = {
  circle: '圆形',
  square: '正方形',
  triangle: '三角形',
  star: '星形',
  cross: '十字形'
}

export const COLOUR_ZH: Record<Colour, string> = {
  red: '红色',
  green: '绿色',
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  purple: '紫色',
  black: '黑色',
  white: '白色'
}

export const PATTERN_ZH: Record<Pattern, string> = {
  plain: '纯色',
  striped: '条纹',
  dotted: '圆点'
}

/** "a shape" */
export const SHAPE_NOUN_ZH = '形状'

/** "black and white", as in 黑白条纹的形状 (a striped black and white shape) */
export const BLACK_AND_WHITE_ZH = '黑白'

/** the Chinese counterpart of 'a photo of a {}.', the template of the figures in both languages */
export const PHOTO_TEMPLATE_ZH = '一张{}的照片。'

/** "红色条纹的星形"; a plain one is "红色的星形" unless sayPlain (then "红色纯色的星形") */
export function compositionPhraseZh(c: Composition, sayPlain = false): string {
  const pattern = c.pattern === 'plain' && !sayPlain ? '' : PATTERN_ZH[c.pattern]
  return `${COLOUR_ZH[c.colour]}${pattern}的${SHAPE_ZH[c.shape]}`
}
