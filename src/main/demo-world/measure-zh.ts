// The demo model's zero-shot figures with Chinese prompts, through the app's engine and classifier
// as measure.ts does in English: shape, colour and pattern named by their bare Chinese words under
// '一张{}的照片。' (a photo of a {}.), the 120 compositions by their phrases, and the Chinese sample
// project's seven labels, whose zebra (斑马) is known only by its description, and measure.ts' six
// never-trained words in Chinese, each with its Chinese description.
import type { ClipEngine } from '../clip/types'
import type { RenderedImage } from './fresh'
import {
  DESCRIBED_LABELS,
  descriptionFigures,
  zeroShotTop1,
  type AttributeFigures,
  type DescribedLabel,
  type DescriptionFigures
} from './measure'
import { SAMPLE_LABELS_ZH, SAMPLE_TEMPLATES_ZH } from './sample-zh'
import { COLOURS, PATTERNS, SHAPES, allCompositions, type Composition } from './world'
import { COLOUR_ZH, PATTERN_ZH, PHOTO_TEMPLATE_ZH, SHAPE_ZH, compositionPhraseZh } from './words-zh'

/** per-attribute top-1 (5-, 8-, 3-way) and 120-way composition top-1, Chinese prompts */
export async function attributeFiguresZh(
  engine: ClipEngine,
  embeds: Float32Array,
  images: RenderedImage[]
): Promise<AttributeFigures> {
  const comps = allCompositions()
  const key = (c: Composition): string => compositionPhraseZh(c)
  const top1 = (names: string[], truth: number[]): Promise<number> =>
    zeroShotTop1(
      engine,
      embeds,
      names.map((name) => ({ name })),
      truth,
      [PHOTO_TEMPLATE_ZH]
    )
  return {
    shape: await top1(
      SHAPES.map((s) => SHAPE_ZH[s]),
      images.map((i) => SHAPES.indexOf(i.shape))
    ),
    colour: await top1(
      COLOURS.map((c) => COLOUR_ZH[c]),
      images.map((i) => COLOURS.indexOf(i.colour))
    ),
    pattern: await top1(
      PATTERNS.map((p) => PATTERN_ZH[p]),
      images.map((i) => PATTERNS.indexOf(i.pattern))
    ),
    composition: await top1(
      comps.map(key),
      images.map((i) => comps.findIndex((c) => key(c) === key(i)))
    )
  }
}

/**
 * The Chinese sample's labels on images of their members (images[i] belongs to
 * SAMPLE_LABELS_ZH[truth[i]]): 7-way top-1 with bare names and with the zebra's description, and
 * the share of the zebra images labelled 斑马 either way.
 */
export async function zebraFiguresZh(
  engine: ClipEngine,
  embeds: Float32Array,
  truth: number[]
): Promise<DescriptionFigures> {
  const zebra = SAMPLE_LABELS_ZH.findIndex((l) => (l.descriptions ?? []).length > 0)
  const bare = SAMPLE_LABELS_ZH.map((l) => ({ name: l.name }))
  const described = SAMPLE_LABELS_ZH.map((l) => ({ name: l.name, descriptions: l.descriptions }))
  // the zebra images keep their truth, the others none (-1): top-1 then counts the zebras named 斑马
  const onlyZebra = truth.map((t) => (t === zebra ? t : -1))
  const zebraImages = onlyZebra.filter((t) => t === zebra).length
  const zebraShare = async (labels: typeof bare): Promise<number> =>
    ((await zeroShotTop1(engine, embeds, labels, onlyZebra, SAMPLE_TEMPLATES_ZH)) * truth.length) /
    zebraImages
  return {
    bare: await zeroShotTop1(engine, embeds, bare, truth, SAMPLE_TEMPLATES_ZH),
    described: await zeroShotTop1(engine, embeds, described, truth, SAMPLE_TEMPLATES_ZH),
    zebraBare: await zebraShare(bare),
    zebraDescribed: await zebraShare(described)
  }
}

/** Chinese names and descriptions of DESCRIBED_LABELS (same members): words never trained */
const DESCRIBED_ZH: Record<string, [string, string]> = {
  zebra: ['斑马', '黑白条纹的形状'],
  ladybird: ['瓢虫', '红色圆点的形状'],
  sun: ['太阳', '黄色纯色的圆形'],
  frog: ['青蛙', '绿色纯色的形状'],
  grape: ['葡萄', '紫色圆点的形状'],
  sky: ['天空', '蓝色纯色的正方形']
}

export const DESCRIBED_LABELS_ZH: DescribedLabel[] = DESCRIBED_LABELS.map((l) => ({
  name: DESCRIBED_ZH[l.name][0],
  description: DESCRIBED_ZH[l.name][1],
  members: l.members
}))

/** measure.ts' description figures with the Chinese names and descriptions, Chinese template */
export function descriptionFiguresZh(
  engine: ClipEngine,
  embeds: Float32Array,
  truth: number[]
): Promise<DescriptionFigures> {
  return descriptionFigures(engine, embeds, truth, DESCRIBED_LABELS_ZH, PHOTO_TEMPLATE_ZH)
}
