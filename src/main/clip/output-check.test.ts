import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { clearTextCache, loadEngine, textCacheSize } from './engine'
import { checkEmbedOutput } from './output-check'
import { DEMO_DIR } from './test-fixtures'

const tmp = mkdtempSync(join(tmpdir(), 'zebra-lying-model-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** a copy of the demo model (which outputs 32 values per row) whose config.json claims `dim` */
function lyingModel(dim: number): string {
  const dir = join(tmp, `dim${dim}`)
  cpSync(DEMO_DIR, dir, { recursive: true })
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
  cfg.projection_dim = dim
  writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg))
  return dir
}

describe('a model whose config.json lies about the embedding size', () => {
  for (const dim of [16, 64]) {
    it(`is refused on load (projection_dim ${dim}, model outputs 32), naming the file and the numbers`, async () => {
      clearTextCache()
      const dir = lyingModel(dim)
      const err = await loadEngine({ modelDir: dir, ep: 'cpu', threads: 1 }).then(
        () => null,
        (e: unknown) => e
      )
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('model_invalid')
      const msg = (err as AppError).message
      expect(msg).toContain('onnx/vision_model.onnx')
      expect(msg).toContain(`expected float32 [1, ${dim}]`)
      expect(msg).toContain('float32 [1, 32]')
      // nothing went into the text cache from a mismatched output
      expect(textCacheSize()).toBe(0)
    })
  }

  it('the matching config still loads and embeds', async () => {
    const e = await loadEngine({ modelDir: lyingModel(32), ep: 'cpu', threads: 1 })
    try {
      expect(e.embedDim).toBe(32)
      expect((await e.embedTexts(['a photo of a zebra.']))[0]).toHaveLength(32)
    } finally {
      await e.dispose()
    }
  })
})

describe('checkEmbedOutput (per batch)', () => {
  const file = '/m/onnx/vision_model.onnx'
  it('refuses wrong rows, wrong width, wrong dtype and a missing output', () => {
    const t = (type: 'float32' | 'int32', dims: number[]): ort.Tensor =>
      new ort.Tensor(
        type,
        type === 'float32' ? new Float32Array(dims[0] * dims[1]) : new Int32Array(dims[0] * dims[1]),
        dims
      )
    const exp = { file, name: 'image_embeds', rows: 4, dim: 32 }
    expect(checkEmbedOutput(t('float32', [4, 32]), exp)).toHaveLength(128)
    expect(() => checkEmbedOutput(t('float32', [3, 32]), exp)).toThrow(
      /float32 \[3, 32\], expected float32 \[4, 32\]/
    )
    expect(() => checkEmbedOutput(t('float32', [4, 16]), exp)).toThrow(
      /projection_dim 32 but the model outputs 16/
    )
    expect(() => checkEmbedOutput(t('int32', [4, 32]), exp)).toThrow(/int32 \[4, 32\]/)
    expect(() => checkEmbedOutput(undefined, exp)).toThrow(/no output named image_embeds/)
  })
})
