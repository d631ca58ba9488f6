import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sampleImagesDir } from '../paths'
import { loadModelFolder } from './model-folder'
import { preprocessImage } from './preprocess'
import { createPreprocessPool } from './preprocess-pool'

describe('preprocess pool (worker threads)', () => {
  it('gives exactly the main-thread result for every sample image, and errors per file', async () => {
    const folder = await loadModelFolder('demo')
    const dir = sampleImagesDir()
    const files = readdirSync(dir)
      .sort()
      .map((f) => join(dir, f))
    const bad = join(mkdtempSync(join(tmpdir(), 'zebra-pool-')), 'not-an-image.jpg')
    writeFileSync(bad, 'this is text, not a JPEG')
    const pool = createPreprocessPool(folder.preprocess, 2)
    try {
      const results = await Promise.allSettled([...files, bad].map((f) => pool.preprocess(f)))
      for (let i = 0; i < files.length; i++) {
        const r = results[i]!
        expect(r.status, files[i]).toBe('fulfilled')
        const expected = await preprocessImage(files[i]!, folder.preprocess)
        expect((r as PromiseFulfilledResult<Float32Array>).value).toEqual(expected)
      }
      const last = results[files.length]!
      expect(last.status).toBe('rejected')
      expect((last as PromiseRejectedResult).reason).toMatchObject({ code: 'image_unreadable' })
    } finally {
      await pool.close()
    }
  })
})
