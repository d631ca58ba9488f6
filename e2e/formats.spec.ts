// Label Studio out and back in through the dialogs against `zebra serve`: a reviewed project is
// exported as Label Studio tasks from the Export dialog (the labeling config shown to copy), then
// a second project over the same images imports them from Export… > Import labels…: the dry run
// says what would change before anything is written, and Import gives it the same labels.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { currentDecisions, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

const FILES = ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg', 'gradient_640x480.jpg']
const LABELS = ['cat', 'coffee', 'rocket', 'gradient'].map((name) => ({ name }))

test('export Label Studio from the dialog, import it back with a dry run first', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home, FILES)
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await z.invoke('model.useDemo')
  const first = join(z.home, 'reviewed.zebra')
  await z.invoke('project.create', { path: first, roots: [images], labels: LABELS })
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  await z.invoke('bulk.acceptRule', { minProb: 0 })
  const reviewed = currentDecisions(first).map((d) => [d.relPath, d.label])
  expect(reviewed).toHaveLength(FILES.length)

  await page.goto(z.url)
  await expect(page.locator('.project-name')).toContainText('reviewed')
  await page.getByRole('button', { name: 'Export labels' }).click()
  const dialog = page.getByTestId('export-dialog')
  await dialog.getByLabel('Export format').selectOption('labelstudio')
  const out = join(z.home, 'to-label-studio')
  await dialog.getByRole('textbox', { name: 'Output folder' }).fill(out)
  await dialog.getByRole('button', { name: 'Run export' }).click()
  await expect(dialog.getByTestId('export-result')).toContainText(`${FILES.length} images exported`, {
    timeout: 30_000
  })
  await expect(dialog.getByLabel('Label Studio labeling config')).toHaveValue(/<Choice value="coffee"\/>/)
  await expect(dialog.getByText(/LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=/)).toBeVisible()
  expect(existsSync(join(out, 'tasks.json'))).toBe(true)
  await shot(page, 'formats-01-label-studio-export')
  await dialog.getByRole('button', { name: 'Close export' }).click()

  // a second project over the same images, nothing decided yet: it opens in the page
  const second = join(z.home, 'fresh.zebra')
  await z.invoke('project.create', { path: second, roots: [images], labels: LABELS })
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  await expect(page.locator('.project-name')).toContainText('fresh')
  await page.getByRole('button', { name: 'Export labels' }).click()
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Import labels' }).click()
  const imp = page.getByTestId('import-dialog')
  await expect(imp.getByLabel('Import format')).toHaveValue('labelstudio')
  const importButton = imp.getByRole('button', { name: 'Import checked labels' })
  await expect(importButton).toBeDisabled() // nothing checked yet
  await imp.getByRole('textbox', { name: 'Import from' }).fill(join(out, 'tasks.json'))
  await imp.getByRole('button', { name: 'Check import' }).click()
  const dry = imp.getByTestId('import-dry-run')
  await expect(dry).toContainText(`Would import ${FILES.length} labels`, { timeout: 30_000 })
  await expect(dry).toContainText(`matched ${FILES.length}`)
  await expect(dry).toContainText('unmatched 0')
  expect(currentDecisions(second)).toEqual([]) // the dry run wrote nothing
  await shot(page, 'formats-02-import-dry-run')

  // changing a choice asks for a new check before Import
  await imp.getByLabel('Create missing labels').check()
  await expect(importButton).toBeDisabled()
  await imp.getByLabel('Create missing labels').uncheck()
  await expect(importButton).toBeEnabled()
  await importButton.click()
  await expect(imp.getByTestId('import-result')).toContainText(`Imported ${FILES.length} labels`)
  await shot(page, 'formats-03-imported')
  expect(currentDecisions(second).map((d) => [d.relPath, d.label])).toEqual(reviewed)
})

test('YOLO classification from the dialog: every label is a class, and indices stay put as labelling goes on', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home, FILES)
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await z.invoke('model.useDemo')
  const file = join(z.home, 'indices.zebra')
  await z.invoke('project.create', { path: file, roots: [images], labels: LABELS })
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  const { labels } = await z.invoke<{ labels: { id: number; name: string }[] }>('project.summary')
  const id = (name: string): number => labels.find((l) => l.name === name)!.id
  const ids = await z.invoke<number[]>('review.queue', { order: 'file', status: 'unreviewed', limit: 4 })
  // one image labelled 'cat': the other three labels have no decision yet
  await z.invoke('review.decide', { imageId: ids[0], kind: 'corrected', labelId: id('cat') })

  await page.goto(z.url)
  await expect(page.locator('.project-name')).toContainText('indices')
  const exportTo = async (out: string, screenshot?: string): Promise<void> => {
    await page.getByRole('button', { name: 'Export labels' }).click()
    const dialog = page.getByTestId('export-dialog')
    await dialog.getByLabel('Export format').selectOption('yolo-cls')
    await dialog.getByRole('textbox', { name: 'Output folder' }).fill(out)
    await dialog.getByRole('button', { name: 'Run export' }).click()
    await expect(dialog.getByTestId('export-result')).toContainText('exported', { timeout: 30_000 })
    if (screenshot) await shot(page, screenshot)
    await dialog.getByRole('button', { name: 'Close export' }).click()
  }
  // what a trainer reads: the class folders in sorted order (torchvision, Ultralytics)
  const classIndex = (out: string): Record<string, number> => {
    const root = ['train', '.'].map((d) => join(out, d)).find((d) => existsSync(join(d, 'cat')))!
    const names = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
    return Object.fromEntries(names.map((n, i) => [n, i]))
  }
  const first = join(z.home, 'yolo-1')
  await exportTo(first, 'formats-04-yolo-export')
  const before = classIndex(first)
  expect(Object.keys(before)).toEqual(['cat', 'coffee', 'gradient', 'rocket'])

  // a label decided for the first time between the two exports
  await z.invoke('review.decide', { imageId: ids[1], kind: 'corrected', labelId: id('rocket') })
  const second = join(z.home, 'yolo-2')
  await exportTo(second)
  expect(classIndex(second)).toEqual(before)
  const summary = (out: string): { classes?: string[] } =>
    JSON.parse(readFileSync(join(out, 'export-summary.json'), 'utf8')) as { classes?: string[] }
  expect(summary(second).classes).toEqual(summary(first).classes)
  expect(
    currentDecisions(file)
      .map((d) => d.label)
      .sort()
  ).toEqual(['cat', 'rocket'])
})
