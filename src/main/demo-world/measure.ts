// Zero-shot figures of the demo model on rendered images, through the app's own code: the engine's
// image and text embeddings and the same zero-shot classifier `zebra classify` builds. Shared by
// the outcome tests (small fresh renders) and scripts/demo-world/measure.ts (the reported figures).
import type { ClipEngine } from '../clip/types'
import { buildClassifier, classify, type LabelSpec } from '../clip/zeroshot'
import type { RenderedImage } from './fresh'
import { COLOURS, PATTERNS, SHAPES, allCompositions, compositionPhrase, type Composition } from './world'

const PHOTO_TEMPLATE = 'a photo of a {}.'

/** top-1 accuracy of labels (default template 'a photo of a {}.') against each image's true label index */
export async function zeroShotTop1(
  engine: ClipEngine,
  embeds: Float32Array,
  labels: LabelSpec[],
  truth: number[],
  templates: string[] = [PHOTO_TEMPLATE]
): Promise<number> {
  const c = await buildClassifier(engine, labels, templates)
  const r = classify(embeds, c, { topK: 1 })
  return r.top.filter((t, i) => t[0].index === truth[i]).length / truth.length
}

export async function embedAll(engine: ClipEngine, images: RenderedImage[]): Promise<Float32Array> {
  const res = await engine.embedImages(images.map((i) => i.file))
  const dim = engine.embedDim
  const m = new Float32Array(images.length * dim)
  res.forEach((r, i) => {
    if (!r.embedding) throw new Error(`${images[i].file}: ${r.error ?? 'not embedded'}`)
    m.set(r.embedding, i * dim)
  })
  return m
}

export interface AttributeFigures {
  shape: number
  colour: number
  pattern: number
  /** 120-way over every composition ("a photo of a striped red star.", plain omitted) */
  composition: number
}

/** per-attribute top-1 (shape 5-way, colour 8-way, pattern 3-way) and 120-way composition top-1 */
export async function attributeFigures(
  engine: ClipEngine,
  embeds: Float32Array,
  images: RenderedImage[]
): Promise<AttributeFigures> {
  const comps = allCompositions()
  const key = (c: Composition): string => compositionPhrase(c)
  return {
    shape: await zeroShotTop1(
      engine,
      embeds,
      SHAPES.map((name) => ({ name })),
      images.map((i) => SHAPES.indexOf(i.shape))
    ),
    colour: await zeroShotTop1(
      engine,
      embeds,
      COLOURS.map((c) => ({ name: `${c} shape` })),
      images.map((i) => COLOURS.indexOf(i.colour))
    ),
    pattern: await zeroShotTop1(
      engine,
      embeds,
      PATTERNS.map((p) => ({ name: `${p} shape` })),
      images.map((i) => PATTERNS.indexOf(i.pattern))
    ),
    composition: await zeroShotTop1(
      engine,
      embeds,
      comps.map((c) => ({ name: key(c) })),
      images.map((i) => comps.findIndex((c) => key(c) === key(i)))
    )
  }
}

/**
 * Six labels whose names the model never saw in training, each with a description in the world's
 * words. The zebra is the seed's story: a striped black and white shape (of any shape).
 */
export interface DescribedLabel {
  name: string
  description: string
  members: Composition[]
}

export const DESCRIBED_LABELS: DescribedLabel[] = (() => {
  const all = allCompositions()
  const of = (f: (c: Composition) => boolean): Composition[] => all.filter(f)
  return [
    {
      name: 'zebra',
      description: 'a striped black and white shape',
      members: of((c) => c.pattern === 'striped' && (c.colour === 'black' || c.colour === 'white'))
    },
    {
      name: 'ladybird',
      description: 'a dotted red shape',
      members: of((c) => c.pattern === 'dotted' && c.colour === 'red')
    },
    {
      name: 'sun',
      description: 'a plain yellow circle',
      members: of((c) => c.pattern === 'plain' && c.colour === 'yellow' && c.shape === 'circle')
    },
    {
      name: 'frog',
      description: 'a plain green shape',
      members: of((c) => c.pattern === 'plain' && c.colour === 'green')
    },
    {
      name: 'grape',
      description: 'a dotted purple shape',
      members: of((c) => c.pattern === 'dotted' && c.colour === 'purple')
    },
    {
      name: 'sky',
      description: 'a plain blue square',
      members: of((c) => c.pattern === 'plain' && c.colour === 'blue' && c.shape === 'square')
    }
  ]
})()

export interface DescriptionFigures {
  /** 6-way top-1 with the bare names only */
  bare: number
  /** 6-way top-1 with each name's description (the app's "<name>, which is <description>" prompts) */
  described: number
  /** the zebra images alone: share labelled zebra */
  zebraBare: number
  zebraDescribed: number
}

/** images[i] belongs to set[truth[i]] (DESCRIBED_LABELS, or measure-zh.ts' Chinese ones) */
export async function descriptionFigures(
  engine: ClipEngine,
  embeds: Float32Array,
  truth: number[],
  set: DescribedLabel[] = DESCRIBED_LABELS,
  template = PHOTO_TEMPLATE
): Promise<DescriptionFigures> {
  const bareLabels = set.map((l) => ({ name: l.name }))
  const described = set.map((l) => ({ name: l.name, descriptions: [l.description] }))
  const zebra = truth.map((t, i) => (t === 0 ? i : -1)).filter((i) => i >= 0)
  const zebraShare = async (labels: LabelSpec[]): Promise<number> => {
    const c = await buildClassifier(engine, labels, [template])
    const r = classify(embeds, c, { topK: 1 })
    return zebra.filter((i) => r.top[i][0].index === 0).length / zebra.length
  }
  return {
    bare: await zeroShotTop1(engine, embeds, bareLabels, truth, [template]),
    described: await zeroShotTop1(engine, embeds, described, truth, [template]),
    zebraBare: await zebraShare(bareLabels),
    zebraDescribed: await zebraShare(described)
  }
}
