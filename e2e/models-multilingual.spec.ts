// The two newer model families in the browser app against `zebra serve`: the SigLIP 2 parity
// fixture opened as the model pre-labels a small project and review shows its own sigmoid
// probabilities (independent per label: they need not add up to 100%); the tiny M-CLIP text encoder,
// downloaded from a stand-in Hub on 127.0.0.1, chosen on the Model screen re-scores a project's
// suggestions from its cached embeddings. That project is pre-labelled with the demo model, whose
// 32-value embeddings the fixture's text tower pairs with: the fixture's own visual tower would be
// scored by that same text tower already, so choosing it could change nothing on screen.
import { expect, test, type Page } from '@playwright/test'
import { mclipModelDir } from '../src/main/clip/mclip-fixtures'
import { serveHubRepo } from '../src/main/clip/geometry-fixtures'
import { siglipDir } from '../src/main/clip/siglip-fixtures'
import { sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

const LABELS = ['cat', 'coffee', 'rocket']

async function idle(): Promise<void> {
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
}

async function prelabelled(labels: string[]): Promise<void> {
  await z.invoke('project.create', {
    path: `${z.home}/p.zebra`,
    roots: [sampleImages(z.home, ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg'])],
    labels: labels.map((name) => ({ name }))
  })
  await idle() // project.create scans first
  await z.invoke('prelabel.start', {})
  await idle()
}

/** waits for the review image to be drawn (its size shows), then takes the screenshot */
async function reviewShot(page: Page, name: string): Promise<void> {
  await expect(page.getByText(/\d+ × \d+ px/)).toBeVisible({ timeout: 30_000 })
  await shot(page, name)
}

/** the review screen's suggestions of the image shown: label and percentage, in rank order */
async function suggestions(page: Page): Promise<{ label: string; pct: number }[]> {
  await expect(page.getByRole('button', { name: /\(key 1\)$/ })).toBeVisible({ timeout: 30_000 })
  const names = await page
    .getByRole('button', { name: /^Accept .*\(key \d\)$/ })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
  return names.map((n) => {
    const m = /^Accept (.*), ([\d.]+)% \(key \d\)$/.exec(n)
    if (!m) throw new Error(`unexpected suggestion: ${n}`)
    return { label: m[1]!, pct: Number(m[2]) }
  })
}

test('SigLIP 2: pre-label with the fixture model, review shows its sigmoid probabilities', async () => {
  z = await launchZebra()
  const { page } = z
  const status = await z.invoke<{ loaded: boolean; path: string }>('model.open', {
    path: siglipDir('siglip2-224')
  })
  expect(status.loaded).toBe(true)
  expect(status.path).toMatch(/siglip2-224$/)
  await prelabelled(LABELS)
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Review screen' }).click()
  const shown = await suggestions(page)
  // every label is shown (top-5 of three), each its own sigmoid: the sum is not a softmax's 100%
  expect(shown.map((s) => s.label).sort()).toEqual([...LABELS].sort())
  const sum = shown.reduce((a, s) => a + s.pct, 0)
  expect(Math.abs(sum - 100)).toBeGreaterThan(1)
  await reviewShot(page, 'multilingual-01-siglip-review')
})

test('M-CLIP: choosing the text encoder on the Model screen re-scores the suggestions', async () => {
  const hub = await serveHubRepo('immich-app/XLM-Roberta-Large-Vit-B-32', mclipModelDir('mclip-b32'))
  try {
    z = await launchZebra({ env: { ZEBRA_HUB_URL: hub.url } })
    const { page } = z
    // the image side is the demo model (32 values, as the fixture's text tower): the fixture's own
    // visual tower would pair with its own textual tower, so choosing it would change nothing
    await z.invoke('model.useDemo')
    await prelabelled(['Katze', '猫', 'قطة'])
    const { jobId } = await z.invoke<{ jobId: string }>('model.download', { model: 'mclip-xlmr-b32' })
    expect(jobId).toBeTruthy()
    await idle()
    await page.goto(z.url)
    await page.getByRole('button', { name: 'Review screen' }).click()
    const before = await suggestions(page)
    await reviewShot(page, 'multilingual-02-before-text-encoder')

    await page.getByRole('button', { name: 'Model screen' }).click()
    const field = page.getByTestId('text-encoder')
    const select = field.getByRole('combobox', { name: 'Text encoder' })
    await expect(select.locator('option')).toHaveCount(2, { timeout: 30_000 })
    await select.selectOption('mclip-xlmr-b32')
    await expect(select).toHaveValue('mclip-xlmr-b32')
    await idle() // the re-score job
    await shot(page, 'multilingual-03-text-encoder-chosen')

    await page.getByRole('button', { name: 'Review screen' }).click()
    await expect
      .poll(async () => JSON.stringify(await suggestions(page)), { timeout: 30_000 })
      .not.toBe(JSON.stringify(before))
    await reviewShot(page, 'multilingual-04-rescored')
  } finally {
    await hub.close()
  }
})
