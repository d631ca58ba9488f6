// Downloading a SigLIP 2 repo over real HTTP on 127.0.0.1: besides the configs, the tokenizer and
// the variant's two graphs, it fetches one combined graph (the quantized one) for the logit scale
// and bias, and the folder it leaves loads as a sigmoid model.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { downloadModel } from './download'
import { serveHubRepo } from './geometry-fixtures'
import { loadModelFolder } from './model-folder'
import { siglipCopy, siglipJson, type SiglipLogitsRef } from './siglip-fixtures'

describe('downloading a SigLIP 2 repo', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('fetches the quantized combined graph and loads with the model’s scale and bias', async () => {
    const repoDir = siglipCopy('siglip2-256')
    dirs.push(repoDir)
    copyFileSync(join(repoDir, 'onnx', 'model.onnx'), join(repoDir, 'onnx', 'model_quantized.onnx'))
    const hub = await serveHubRepo('onnx-community/siglip2-tiny-ONNX', repoDir)
    const target = mkdtempSync(join(tmpdir(), 'zebra-siglip-dl-'))
    dirs.push(target)
    try {
      const dir = await downloadModel({
        repo: 'onnx-community/siglip2-tiny-ONNX',
        variant: 'fp32',
        baseUrl: hub.url,
        dir: target
      })
      expect(existsSync(join(dir, 'onnx', 'model_quantized.onnx'))).toBe(true)
      expect(existsSync(join(dir, 'onnx', 'model.onnx'))).toBe(false)
      const f = await loadModelFolder(dir)
      const ref = siglipJson<SiglipLogitsRef>('siglip2-256', 'logits.json')
      expect(f.scoring).toMatchObject({ kind: 'sigmoid', source: 'onnx/model_quantized.onnx' })
      if (f.scoring.kind === 'sigmoid') expect(f.scoring.bias).toBeCloseTo(ref.bias, 6)
    } finally {
      await hub.close()
    }
  })

  it('fails with download_failed naming the files when the repo has no combined graph', async () => {
    const repoDir = siglipCopy('siglip2-224', ['onnx/model.onnx'])
    dirs.push(repoDir)
    const hub = await serveHubRepo('onnx-community/siglip2-bare', repoDir)
    const target = mkdtempSync(join(tmpdir(), 'zebra-siglip-dl-'))
    dirs.push(target)
    try {
      await expect(
        downloadModel({ repo: 'onnx-community/siglip2-bare', variant: 'fp32', baseUrl: hub.url, dir: target })
      ).rejects.toMatchObject({
        code: 'download_failed',
        message: expect.stringMatching(/without a combined graph \(onnx\/model_quantized\.onnx/)
      })
    } finally {
      await hub.close()
    }
  })
})
