// Fresh renders of the demo world written to a folder (outcome tests, the measuring script, the
// sample project): deterministic for a seed, never the training images (training uses other seeds).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderScene } from './render'
import {
  allCompositions,
  isHeldOut,
  mulberry32,
  pick,
  randomScene,
  type Composition,
  type SceneOptions
} from './world'

export interface RenderedImage extends Composition {
  file: string
}

export interface FreshOptions extends SceneOptions {
  count: number
  seed: number
  /** which compositions: all 120 (default), only the held-out ones, or a given list */
  pool?: 'all' | 'held-out' | Composition[]
  /** file name prefix */
  prefix?: string
}

export async function renderFreshSet(dir: string, opts: FreshOptions): Promise<RenderedImage[]> {
  mkdirSync(dir, { recursive: true })
  const all = allCompositions()
  const pool = Array.isArray(opts.pool) ? opts.pool : opts.pool === 'held-out' ? all.filter(isHeldOut) : all
  const rnd = mulberry32(opts.seed)
  const out: RenderedImage[] = []
  for (let i = 0; i < opts.count; i++) {
    // cycle through the pool so every composition gets its share, in a seeded order
    const c = i < pool.length * Math.floor(opts.count / pool.length) ? pool[i % pool.length] : pick(pool, rnd)
    const scene = randomScene(c, rnd, {
      minSize: opts.minSize ?? 64,
      maxSize: opts.maxSize ?? 1024,
      maxCount: opts.maxCount
    })
    const file = join(
      dir,
      `${opts.prefix ?? 'img'}-${String(i).padStart(4, '0')}.${scene.format === 'png' ? 'png' : 'jpg'}`
    )
    writeFileSync(file, await renderScene(scene))
    out.push({ ...c, file })
  }
  return out
}
