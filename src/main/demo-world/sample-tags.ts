// The tags sample project's tags (docs/tags.md): the demo world read as a tags world. Each image
// shows one shape in one colour with one pattern, so its true tags are its shape, its colour and,
// when patterned, 'striped' or 'dotted' and the pattern's second colour: every tag a word the demo
// model was trained to see.
// Colours are told by description ("red, which is a red shape"): the model learned colour words as
// "<colour> shape", and the app phrases a description in the "<name>, which is …" form it trained on.
import type { LabelInput } from '../../shared/contract'
import { COLOURS, SHAPES, patternColour, type Composition } from './world'

export const SAMPLE_TAGS: LabelInput[] = [
  ...SHAPES.map((name) => ({ name })),
  ...COLOURS.map((name) => ({ name, descriptions: [`a ${name} shape`] })),
  { name: 'striped', descriptions: ['a striped shape'] },
  { name: 'dotted', descriptions: ['a dotted shape'] }
]

export const SAMPLE_TAG_TEMPLATES = ['a photo of a {}.']

/**
 * The tags a composition truly has: its shape, its colour, its pattern unless plain, and then the
 * stripes' or dots' second colour too (white, or black on a white shape: world.ts), since a
 * striped red star shows white as plainly as red.
 */
export function trueTags(c: Composition): string[] {
  if (c.pattern === 'plain') return [c.shape, c.colour]
  return [c.shape, c.colour, c.pattern, patternColour(c.colour)]
}
