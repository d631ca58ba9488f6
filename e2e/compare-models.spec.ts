// "Which model for this dataset" end to end in Chromium against `zebra serve`: sample images
// pre-labelled with the demo model, embeddings of its quantized variant made by the real CLI in
// clip-retrieval's layout and imported through the Pre-label screen's dialog, a few images
// reviewed with the keyboard, then the compare screen's models table (light and dark).
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from '@playwright/test'
import { currentDecisions, sampleImages, shot } from './helpers'
import { ROOT, launchZebra, type Zebra } from './launch'

const run = promisify(execFile)
let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

test('import embeddings made elsewhere, then compare the two models', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home)
  const projectFile = join(z.home, 'models.zebra')
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: projectFile,
    roots: [images],
    labels: ['cat', 'coffee', 'rocket', 'motorcycle', 'astronaut'].map((name) => ({ name }))
  })
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0) // project.create scans first
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)

  // embeddings computed "elsewhere": the real CLI writes a clip-retrieval folder
  const emb = join(z.home, 'emb-quantized')
  await run(
    process.execPath,
    [
      join(ROOT, 'bin', 'zebra.js'),
      'embed',
      '--model',
      'demo',
      '--variant',
      'quantized',
      '--clip-retrieval',
      emb,
      images
    ],
    { env: { ...process.env, ZEBRA_HOME: z.home } }
  )

  await page.goto(z.url)
  await page.getByRole('button', { name: 'Pre-label screen' }).click()
  await page.getByRole('button', { name: 'Import embeddings…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import embeddings' })
  await dialog.getByRole('textbox', { name: 'Embeddings folder' }).fill(emb)
  // the model field starts with the loaded model's folder (the demo model)
  await expect(dialog.getByRole('textbox', { name: 'Model', exact: true })).toHaveValue(/demo-model$/)
  await dialog.getByLabel('Variant of the model').selectOption('quantized')
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog.getByTestId('import-matched')).toHaveText('13', { timeout: 60_000 })
  await expect(dialog.getByTestId('import-unmatched')).toHaveText('0')
  await expect(dialog.getByTestId('import-refused')).toHaveText('0')
  await expect(dialog.getByRole('status')).toContainText('demo-model quantized')
  await shot(page, '30-import-embeddings')
  await dialog.getByRole('button', { name: 'Close import' }).click()

  // a wrong folder is refused with what the folder needs, nothing imported
  await page.getByRole('button', { name: 'Import embeddings…' }).click()
  await dialog.getByRole('textbox', { name: 'Embeddings folder' }).fill(images)
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog.getByRole('alert')).toContainText('not a clip-retrieval embeddings folder')
  await dialog.getByRole('button', { name: 'Close import' }).click()

  await page.getByRole('button', { name: 'Review screen' }).click()
  await expect(page.getByTestId('counter-reviewed')).toHaveText('0 / 13 reviewed')
  for (let i = 0; i < 4; i++) {
    await expect(page.getByRole('button', { name: /\(key 1\)$/ })).toBeVisible()
    const file = await page.getByTestId('review-file').textContent()
    await page.keyboard.press('1')
    await expect(page.getByTestId('review-file')).not.toHaveText(file ?? '')
  }
  await expect.poll(() => currentDecisions(projectFile).length).toBe(4)

  await page.getByRole('button', { name: 'Compare screen' }).click()
  const models = page.getByRole('region', { name: 'Which model for this dataset' })
  await models.getByRole('button', { name: 'Compare models' }).click()
  await expect(models.getByTestId('models-status')).toContainText('2 models on 4 reviewed images', {
    timeout: 60_000
  })
  const table = models.getByRole('table', { name: 'Models compared' })
  await expect(table.getByRole('row')).toHaveCount(3) // header + two models
  // the imported variant made the current suggestions; the other is compared against it
  await expect(table.getByRole('row').nth(1)).toContainText('quantized')
  await expect(table.getByRole('row').nth(1)).toContainText('current model')
  await expect(table.getByRole('row').nth(2)).toContainText('fp32')
  await expect(table.getByRole('row').nth(2)).toContainText(
    /same corrections|would have saved|more correction/
  )
  for (const r of [1, 2])
    await expect(table.getByRole('row').nth(r).getByRole('cell').nth(5)).toHaveText(/^\d+\.\d$/)
  await expect(models).toContainText('Too few reviewed images (4)')
  await models.scrollIntoViewIfNeeded()
  await shot(page, '31-compare-models-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await shot(page, '32-compare-models-dark')
})
