// Downloading a model in Immich's layout (M-CLIP's immich-app repos) from a stand-in Hub on
// 127.0.0.1: the files come from the Hub's tree listing (config.json and what sits directly in
// textual/ and visual/, weight files beside model.onnx included; other runtimes' subfolders left),
// and the folder loads as it is.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { downloadModel, readManifest, verifyModel } from './download'
import { findModelFolder } from './model-lookup'
import { loadEngine } from './engine'
import { serveHubRepo } from './geometry-fixtures'
import { mclipF32, mclipModelDir, mclipTokenCases } from './mclip-fixtures'
import { maxAbsDiff } from './test-fixtures'

const REPO = 'immich-app/XLM-Roberta-Large-Vit-B-32'

describe("downloading Immich's layout", () => {
  it('fetches the listed textual/ and visual/ files, not other runtimes, and the folder loads', async () => {
    const folder = mclipModelDir('mclip-b32')
    // external weights beside the graph, as a >2 GB export has them; an ARM NN graph in a subfolder
    writeFileSync(join(folder, 'textual', 'onnx__MatMul_1234'), Buffer.alloc(64, 7))
    mkdirSync(join(folder, 'visual', 'fp16'))
    writeFileSync(join(folder, 'visual', 'fp16', 'model.armnn'), 'not for onnxruntime')
    const hub = await serveHubRepo(REPO, folder)
    const dir = mkdtempSync(join(tmpdir(), 'zebra-dl-immich-'))
    try {
      // the catalog knows the repo's layout
      const got = await downloadModel({ repo: REPO, variant: 'fp32', baseUrl: hub.url, dir })
      expect(got).toBe(dir)
      expect(existsSync(join(dir, 'textual', 'onnx__MatMul_1234'))).toBe(true)
      expect(existsSync(join(dir, 'visual', 'fp16'))).toBe(false)
      const manifest = await readManifest(dir)
      expect(Object.keys(manifest?.files ?? {}).sort()).toEqual(
        [
          'config.json',
          'textual/config.json',
          'textual/model.onnx',
          'textual/onnx__MatMul_1234',
          'textual/sentencepiece.bpe.model',
          'textual/special_tokens_map.json',
          'textual/tokenizer.json',
          'textual/tokenizer_config.json',
          'visual/model.onnx',
          'visual/preprocess_cfg.json'
        ].sort()
      )
      expect(await verifyModel(dir)).toMatchObject({ ok: true })
      const engine = await loadEngine({ modelDir: dir, ep: 'cpu', threads: 1 })
      try {
        // a project that recorded this model finds its folder again by id
        expect((await findModelFolder(engine.modelId, { dir }))?.dir).toBe(dir)
        const [c] = mclipTokenCases()
        const [e] = await engine.embedTexts([c.text])
        expect(maxAbsDiff(e, mclipF32('mclip-b32', 'text_embeds.f32').subarray(0, 32))).toBeLessThanOrEqual(
          1e-4
        )
      } finally {
        await engine.dispose()
      }
    } finally {
      await hub.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names what a repo lacks to be in that layout', async () => {
    const folder = mclipModelDir('mclip-l14')
    rmSync(join(folder, 'textual', 'tokenizer.json'))
    const hub = await serveHubRepo(REPO, folder)
    try {
      await expect(
        downloadModel({
          repo: REPO,
          variant: 'fp32',
          baseUrl: hub.url,
          dir: mkdtempSync(join(tmpdir(), 'zebra-dl-'))
        })
      ).rejects.toMatchObject({
        code: 'download_failed',
        message: expect.stringMatching(/has no textual\/tokenizer\.json/)
      })
    } finally {
      await hub.close()
    }
  })
})
