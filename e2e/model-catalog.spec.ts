// The Model screen's catalog: every downloadable model with sizes, CPU speed, ImageNet
// top-1 and its source, licence and warnings; Download on a row fetches that model (from a minimal
// Hub on 127.0.0.1 serving a MobileCLIP-layout folder as Xenova/mobileclip_s0), loads it, and the row
// then shows it downloaded and loaded.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { geometryModelDir, serveHubRepo } from '../src/main/clip/geometry-fixtures'
import { shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
let hub: { url: string; close(): Promise<void> }
test.beforeAll(async () => {
  hub = await serveHubRepo('Xenova/mobileclip_s0', geometryModelDir('mobileclip'))
  // zebra serve inherits it
  process.env.ZEBRA_HUB_URL = hub.url
})
test.afterAll(async () => {
  delete process.env.ZEBRA_HUB_URL
  await hub.close()
})
test.afterEach(async () => {
  await z?.close()
})

test('catalog table → download MobileCLIP-S0 from its row → loaded and marked downloaded', async () => {
  z = await launchZebra()
  const { page } = z
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Model screen' }).click()
  const table = page.getByRole('table', { name: 'Model catalog' })
  await expect(table.getByRole('row')).toHaveCount(13, { timeout: 30_000 })
  const l336 = page.getByTestId('catalog-clip-vit-l14-336')
  await expect(l336).toContainText('76.6%')
  await expect(l336).toContainText('open_clip results table')
  await expect(l336).toContainText('quantized 432 MB')
  await expect(l336).toContainText('MIT')
  const s0 = page.getByTestId('catalog-mobileclip-s0')
  await expect(s0).toContainText('67.8%')
  await expect(s0).toContainText('apple/ml-mobileclip')
  await expect(s0).toContainText('sensitive to quantization')
  await expect(s0).toContainText('(estimate)')
  await expect(s0.getByLabel('Variant of Apple MobileCLIP-S0')).toHaveValue('fp32')
  // choosing quantized MobileCLIP says what it costs before anything is downloaded
  await s0.getByLabel('Variant of Apple MobileCLIP-S0').selectOption('quantized')
  await expect(s0.getByRole('note')).toContainText('less accurate')
  await s0.getByLabel('Variant of Apple MobileCLIP-S0').selectOption('fp32')
  await shot(page, 'catalog-01-table')

  await s0.getByRole('button', { name: 'Download Apple MobileCLIP-S0' }).click()
  await expect(page.getByTestId('model-status')).toContainText('mobileclip_s0', { timeout: 60_000 })
  await expect(s0.getByTestId('downloaded')).toHaveText('downloaded: fp32', { timeout: 30_000 })
  await expect(s0).toContainText('loaded')
  await expect(s0.getByRole('button', { name: 'Load Apple MobileCLIP-S0' })).toBeVisible()
  await expect(page.getByTestId('model-status')).toContainText('32')
  await shot(page, 'catalog-02-downloaded')
  expect(existsSync(join(z.home, 'models', 'Xenova--mobileclip_s0', 'onnx', 'vision_model.onnx'))).toBe(true)
})
