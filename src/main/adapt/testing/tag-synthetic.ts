// Synthetic tag data for the tag-head and tag-curve tests: embeddings where each tag is a hidden
// direction and its prompts point only partly that way. Seeded, so every run sees the same data.
import { mulberry32 } from '../../math/rng'
import { normalizeRows } from '../../math/rows'
import type { TagHeadInput } from '../tag-heads'

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
}

/**
 * n images in `dim` dims; tag t is present where the image leans along a hidden direction u_t.
 * The tag's prompts point only partly that way (pos = normalise(u_t + noise)), so zero-shot ranks
 * imperfectly and decisions have something to teach.
 */
export function syntheticTags(n: number, dim: number, tags: number, seed: number): TagHeadInput {
  const rnd = mulberry32(seed)
  const vec = (len: number): Float32Array => Float32Array.from({ length: len }, () => gaussian(rnd))
  const u = normalizeRows(vec(tags * dim), tags, dim)
  const images = new Float32Array(n * dim)
  const present = new Int8Array(n * tags)
  for (let i = 0; i < n; i++) {
    const row = vec(dim)
    for (let t = 0; t < tags; t++) {
      const on = rnd() < 0.3
      present[i * tags + t] = on ? 1 : 0
      for (let k = 0; k < dim; k++) row[k] += (on ? 2.5 : 0) * u[t * dim + k]
    }
    images.set(row, i * dim)
  }
  normalizeRows(images, n, dim)
  const noise = vec(tags * dim)
  const pos = Float32Array.from(u, (v, k) => v * 3 + noise[k])
  normalizeRows(pos, tags, dim)
  const neg = normalizeRows(vec(tags * dim), tags, dim)
  return { images, n, dim, present, tags, pos, neg, scale: 100 }
}
