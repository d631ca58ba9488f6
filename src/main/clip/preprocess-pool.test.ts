import { readdirSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sampleImagesDir } from '../paths'
import { loadModelFolder } from './model-folder'
import { preprocessImage } from './preprocess'
import { createPreprocessPool, PreprocessPoolError } from './preprocess-pool'

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

describe('preprocess pool buffer reuse', () => {
  it('writes each image whole into a released buffer: one at a time, every result still exact', async () => {
    const folder = await loadModelFolder('demo')
    const dir = sampleImagesDir()
    const files = readdirSync(dir)
      .sort()
      .map((f) => join(dir, f))
    const pool = createPreprocessPool(folder.preprocess, 1)
    try {
      // twice round: the second pass runs on buffers the first pass released
      for (const f of [...files, ...files.slice().reverse()]) {
        const px = await pool.preprocess(f)
        expect(px, f).toEqual(await preprocessImage(f, folder.preprocess))
        const copy = px.slice()
        pool.release(px)
        // released means transferred: the caller's view is gone, its copy is intact
        expect(px.length).toBe(0)
        expect(copy.length).toBe(3 * folder.preprocess.cropSize ** 2)
      }
    } finally {
      await pool.close()
    }
  })
})

describe('preprocess pool when a worker thread dies', () => {
  const withCrash = async <T>(mode: string, fn: () => Promise<T>): Promise<T> => {
    process.env.ZEBRA_TEST_PREPROCESS_CRASH = mode
    try {
      return await fn()
    } finally {
      delete process.env.ZEBRA_TEST_PREPROCESS_CRASH
    }
  }
  const sampleFiles = (): string[] =>
    readdirSync(sampleImagesDir())
      .sort()
      .map((f) => join(sampleImagesDir(), f))

  it('replaces a worker that exits mid-run; every image still gets its exact pixels', async () => {
    const folder = await loadModelFolder('demo')
    const files = sampleFiles()
    // the first worker really exits (process.exit in the thread) after answering 2 images
    const pool = await withCrash('once:2', async () => createPreprocessPool(folder.preprocess, 2))
    try {
      const got = await Promise.all(files.map((f) => pool.preprocess(f)))
      for (let i = 0; i < files.length; i++) {
        expect(got[i]).toEqual(await preprocessImage(files[i]!, folder.preprocess))
      }
      expect(pool.replaced).toBe(1)
    } finally {
      await pool.close()
    }
  })

  it('fails fast with a PreprocessPoolError when workers keep dying, and refuses new work', async () => {
    const folder = await loadModelFolder('demo')
    const pool = await withCrash('always', async () => createPreprocessPool(folder.preprocess, 2))
    try {
      const results = await Promise.allSettled(sampleFiles().map((f) => pool.preprocess(f)))
      for (const r of results) {
        expect(r.status).toBe('rejected')
        const reason = (r as PromiseRejectedResult).reason as Error
        expect(reason).toBeInstanceOf(PreprocessPoolError)
        expect(reason.message).toMatch(/keep dying .*run it again to resume.*ZEBRA_PREPROCESS_WORKERS=0/)
      }
      await expect(pool.preprocess(sampleFiles()[0]!)).rejects.toBeInstanceOf(PreprocessPoolError)
    } finally {
      await pool.close()
    }
  })
})
