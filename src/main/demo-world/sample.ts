// The sample project's labels ("try the sample project"): what the demo model can show. Plain
// attribute labels, a never-seen word known only by its description (the zebra), a confusable pair
// (yellow star / orange star), and, among the images, two photos it cannot know.
import type { LabelInput } from '../../shared/contract'
import { allCompositions, type Composition } from './world'

export const SAMPLE_LABELS: LabelInput[] = [
  { name: 'red circle' },
  { name: 'blue square' },
  { name: 'green cross' },
  { name: 'dotted triangle' },
  { name: 'yellow star' },
  { name: 'orange star' },
  { name: 'zebra', descriptions: ['a striped black and white shape'] }
]

export const SAMPLE_TEMPLATES = ['a photo of a {}.']

/** the compositions each sample label's images are drawn from */
export function sampleMembers(label: string): Composition[] {
  const all = allCompositions()
  switch (label) {
    case 'red circle':
      return all.filter((c) => c.shape === 'circle' && c.colour === 'red' && c.pattern === 'plain')
    case 'blue square':
      return all.filter((c) => c.shape === 'square' && c.colour === 'blue' && c.pattern === 'plain')
    case 'green cross':
      return all.filter((c) => c.shape === 'cross' && c.colour === 'green' && c.pattern === 'plain')
    case 'dotted triangle':
      return all.filter(
        (c) =>
          c.shape === 'triangle' && c.pattern === 'dotted' && c.colour !== 'black' && c.colour !== 'white'
      )
    case 'yellow star':
      return all.filter((c) => c.shape === 'star' && c.colour === 'yellow' && c.pattern === 'plain')
    case 'orange star':
      return all.filter((c) => c.shape === 'star' && c.colour === 'orange' && c.pattern === 'plain')
    case 'zebra':
      return all.filter((c) => c.pattern === 'striped' && (c.colour === 'black' || c.colour === 'white'))
    default:
      throw new Error(`not a sample label: ${label}`)
  }
}
