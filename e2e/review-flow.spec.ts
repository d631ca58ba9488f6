// The annotator's day, end to end in Chromium against `zebra serve`: new project on the sample
// images with the demo model, pre-label, review with the keyboard (accept, reject+correct, skip,
// undo), bulk accept in the grid, export CSV; then the project file and the CSV must hold exactly
// the decisions made.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { currentDecisions, decisionLog, readCsv, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

test('new project → pre-label → keyboard review → grid bulk accept → CSV export', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home)
  const projectFile = join(z.home, 'projects', 'e2e.zebra')
  const labels = ['cat', 'coffee', 'rocket', 'motorcycle', 'astronaut', 'gradient']

  await page.goto(z.url)
  // the token moved from the address bar into sessionStorage
  await expect(page).not.toHaveURL(/token=/)
  await expect(page.getByRole('heading', { name: 'Zebra' })).toBeVisible()
  // first run: no model yet, the three ways to get one are offered
  await expect(page.getByRole('button', { name: 'Download ViT-B/32' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Open a model folder' })).toBeVisible()
  await shot(page, '01-start-first-run')
  await page.getByRole('button', { name: 'Use the demo model' }).first().click()
  await expect(page.getByText('demo model', { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Model screen' }).click()
  await expect(page.getByTestId('model-status')).toContainText('only knows')
  await expect(page.getByTestId('provider')).toHaveText(/CPU|CUDA|WEBGPU|DML|COREML/)
  await shot(page, '02-model')

  await page.getByRole('button', { name: 'Start screen' }).click()
  await page.getByLabel('Project name').fill('E2E project')
  await page.getByLabel('Project file path').fill(projectFile)
  // one folder through the folder picker (fs.list), typed paths work too
  await page.getByRole('button', { name: 'Browse for an image folder' }).click()
  const picker = page.getByTestId('folder-picker')
  await picker.getByLabel('Folder path').fill(images)
  await picker.getByRole('button', { name: 'Go' }).click()
  await expect(picker.getByRole('button', { name: 'Choose file photo_chelsea.jpg' })).toHaveCount(0)
  await picker.getByRole('button', { name: 'Choose this folder' }).click()
  await expect(page.getByRole('list', { name: 'Image folders' })).toContainText(images)
  await page
    .getByLabel('Labels, one per line')
    .fill(labels.map((l) => (l === 'cat' ? 'cat: a small feline' : l)).join('\n'))
  await shot(page, '03-new-project')
  await page.getByRole('button', { name: 'Create project' }).click()

  // pre-label
  await expect(page.getByRole('heading', { name: 'Pre-label' })).toBeVisible()
  await page.getByRole('button', { name: /Start pre-labelling|Resume pre-labelling/ }).click()
  await expect(page.getByTestId('progress-prelabel')).toContainText('done', { timeout: 60_000 })
  await expect(page.getByTestId('prelabeled-count')).toHaveText('13')
  await shot(page, '04-prelabel')

  // review with the keyboard
  await page.getByRole('button', { name: 'Go to review' }).click()
  const file = page.getByTestId('review-file')
  await expect(file).toBeVisible()
  await expect(page.getByTestId('counter-reviewed')).toHaveText('0 / 13 reviewed')
  await expect
    .poll(() =>
      page.locator('img.main-image').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)
    )
    .toBeGreaterThan(0)
  await shot(page, '05-review')

  const acceptedFile = (await file.textContent())!
  const top1 = (await page.getByRole('button', { name: /\(key 1\)$/ }).getAttribute('aria-label'))!
  const acceptedLabel = /^Accept (.*), [\d.]+% \(key 1\)$/.exec(top1)![1]!
  // (the time from key to next image is a figure of `npm run bench` ("next image"), not of this test)
  // A key press is one request: the decision's answer brings the next images and the counters.
  const invokes: string[] = []
  const onRequest = (r: { url(): string }): void => {
    const m = /\/api\/invoke\/([\w.]+)/.exec(r.url())
    if (m) invokes.push(m[1]!)
  }
  page.on('request', onRequest)
  await page.keyboard.press('1') // one key for an accepted suggestion
  await expect(file).not.toHaveText(acceptedFile)
  await expect(page.getByTestId('counter-reviewed')).toHaveText('1 / 13 reviewed')
  await expect.poll(() => decisionLog(projectFile).length).toBe(1)

  const correctedFile = (await file.textContent())!
  await page.keyboard.press('x')
  const search = page.getByRole('combobox', { name: 'Search labels' })
  await search.fill('rockt') // a typo: fuzzy search still finds it
  await expect(page.getByRole('listbox', { name: 'Matching labels' }).getByRole('option').first()).toHaveText(
    /rocket/
  )
  await shot(page, '06-review-correct')
  await page.keyboard.press('Enter')
  await expect(file).not.toHaveText(correctedFile)
  await expect(page.getByTestId('counter-reviewed')).toHaveText('2 / 13 reviewed')
  page.off('request', onRequest)
  // the accept and the correction: one request each (opening the label search asks nothing)
  expect(invokes).toEqual(['review.decide', 'review.decide'])

  const skippedFile = (await file.textContent())!
  await page.keyboard.press('s')
  await expect(file).not.toHaveText(skippedFile)
  await page.keyboard.press('u') // undo the skip: that image comes back, undecided
  await expect(file).toHaveText(skippedFile)
  await expect(page.getByTestId('counter-reviewed')).toHaveText('2 / 13 reviewed')

  await page.keyboard.press('?')
  await expect(page.getByTestId('keys-overlay')).toBeVisible()
  await shot(page, '07-keys')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('keys-overlay')).toBeHidden()
  // dark theme through the toggle (system -> light -> dark)
  const theme = page.getByRole('button', { name: /^Theme:/ })
  await theme.click()
  await theme.click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await shot(page, '07b-review-dark')
  await theme.click()

  let rows = currentDecisions(projectFile)
  expect(rows).toEqual(
    [
      { relPath: acceptedFile, kind: 'accepted', label: acceptedLabel },
      { relPath: correctedFile, kind: 'corrected', label: 'rocket' }
    ].sort((a, b) => a.relPath.localeCompare(b.relPath))
  )
  // the log keeps the undone skip and its revert
  expect(decisionLog(projectFile).map((d) => d.kind)).toEqual(['accepted', 'corrected', 'skipped', 'revert'])

  // grid: bulk-accept every unreviewed image whose top-1 is the label with most of them
  await page.getByRole('button', { name: 'Grid screen' }).click()
  const gridLabel = page.getByRole('combobox', { name: 'Label' })
  // each label's count from the bridge; the screen must come to show exactly that (no fixed wait)
  const { labels: projectLabels } = await z.invoke<{ labels: { id: number; name: string }[] }>(
    'project.summary'
  )
  let best = { label: '', id: 0, count: 0 }
  for (const l of labels) {
    const labelId = projectLabels.find((x) => x.name === l)!.id
    const { total: n } = await z.invoke<{ total: number }>('grid.page', { labelId, offset: 0, limit: 1 })
    // the option reads "name (count)": chosen by its value, the label id
    await gridLabel.selectOption(String(labelId))
    await expect(page.getByTestId('grid-total')).toHaveText(`${n} images`)
    if (n > best.count) best = { label: l, id: labelId, count: n }
  }
  expect(best.count).toBeGreaterThan(0)
  await gridLabel.selectOption(String(best.id))
  await expect(gridLabel.locator('option:checked')).toHaveText(`${best.label} (${best.count})`)
  await expect(page.getByTestId('grid-total')).toHaveText(`${best.count} images`)
  await expect(page.getByTestId('grid-tile')).toHaveCount(best.count)
  const bulkFiles = (
    await page.getByTestId('grid-tile').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!))
  ).map((a) => a.replace(/: .*$/, '')) // "file: label p zero-shot"
  await page.getByLabel('Probability threshold').fill('0')
  await page.getByRole('button', { name: 'Select all with probability at least the threshold' }).click()
  await expect(page.getByTestId('grid-selected')).toHaveText(`${best.count} selected`)
  await shot(page, '08-grid')
  await page.getByRole('button', { name: 'Accept selected' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText('0 images')

  rows = currentDecisions(projectFile)
  const expected = new Map<string, { kind: string; label: string }>([
    [acceptedFile, { kind: 'accepted', label: acceptedLabel }],
    [correctedFile, { kind: 'corrected', label: 'rocket' }]
  ])
  for (const f of bulkFiles) expected.set(f, { kind: 'accepted', label: best.label })
  expect(rows.map((r) => [r.relPath, r.kind, r.label]).sort()).toEqual(
    [...expected].map(([f, d]) => [f, d.kind, d.label]).sort()
  )

  // export CSV
  const outDir = join(z.home, 'export')
  await page.getByRole('button', { name: 'Export labels' }).click()
  const dialog = page.getByTestId('export-dialog')
  await dialog.getByLabel('Export format').selectOption('csv')
  await dialog.getByRole('textbox', { name: 'Output folder' }).fill(outDir)
  await dialog.getByRole('button', { name: 'Run export' }).click()
  await expect(dialog.getByTestId('export-result')).toContainText(`${expected.size} images exported`)
  await shot(page, '09-export')

  const csvFile = join(outDir, 'labels.csv')
  expect(existsSync(csvFile)).toBe(true)
  const csv = readCsv(csvFile)
  expect(csv.map((r) => [r.rel_path, r.decision, r.label]).sort()).toEqual(
    [...expected].map(([f, d]) => [f, d.kind, d.label]).sort()
  )
  expect(z.output()).not.toMatch(/\[pageerror\]/)
  // the strict CSP held without breaking anything on the way
  expect(z.output()).not.toMatch(/Content Security Policy/i)
})
