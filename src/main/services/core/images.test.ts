// The full-image route sends a bounded rendition of an image past the display limit, the
// original otherwise (real files, real sharp).
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Project } from '../../db/project'
import { scanProject } from '../../jobs/scan'
import { DISPLAY_MAX_PIXELS, resolveProjectImage } from './images'

let dir: string
let p: Project
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-images-'))
  const root = join(dir, 'imgs')
  mkdirSync(root)
  const solid = (w: number, h: number): Sharp =>
    sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 30, b: 30 } } })
  // 27 MP: past the limit, yet a few KB on disk (one colour compresses to nothing)
  await solid(6000, 4500).png().toFile(join(root, 'huge.png'))
  await solid(640, 480).png().toFile(join(root, 'small.png'))
  p = Project.create(join(dir, 'p.zebra'), { roots: [root] })
  await scanProject(p)
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

const idOf = (rel: string): number =>
  p.db.prepare('SELECT id FROM images WHERE rel_path = ?').pluck().get(rel) as number

describe('full-size image route', () => {
  it('serves a browser-format image under the limit as is', async () => {
    const r = await resolveProjectImage(p, idOf('small.png'), false, join(dir, 'cache'))
    expect(r).toEqual({ file: join(dir, 'imgs', 'small.png'), mime: 'image/png' })
  })

  it('serves a bounded JPEG rendition of an image past the pixel limit', async () => {
    expect(6000 * 4500).toBeGreaterThan(DISPLAY_MAX_PIXELS)
    const r = await resolveProjectImage(p, idOf('huge.png'), false, join(dir, 'cache'))
    expect(r.mime).toBe('image/jpeg')
    expect(r.file.startsWith(join(dir, 'cache'))).toBe(true)
    const m = await sharp(r.file).metadata()
    expect([m.width, m.height]).toEqual([4096, 3072])
    expect(statSync(r.file).size).toBeGreaterThan(0)
  })
})
