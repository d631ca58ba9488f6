// What was built but could not be reached, end to end in Chromium against `zebra serve`, on the
// sample world's rendered shapes (the demo model knows them) plus two copies of one image: a
// group of identical files labelled in one step and undone in one, near-duplicates at the model's
// own threshold where a group whose labels differ asks before one key labels it, a text search
// reviewed as a queue, possible mistakes (take the model's label / keep yours), and a compare confusion cell opening
// its images in review. Every decision is checked in the project file.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { currentDecisions, shot } from './helpers'
import { ROOT, launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

const LABELS = ['red circle', 'blue square', 'green cross', 'dotted triangle', 'yellow star', 'orange star']

async function shapesProject(): Promise<string> {
  const dir = join(z.home, 'world')
  mkdirSync(dir, { recursive: true })
  cpSync(join(ROOT, 'resources', 'sample-world'), dir, {
    recursive: true,
    filter: (src) => !src.includes('zz-outside')
  })
  // byte-identical copies: a near-duplicate group whatever the model thinks of the others
  copyFileSync(join(dir, 'world-072.png'), join(dir, 'copy-a.png'))
  copyFileSync(join(dir, 'world-072.png'), join(dir, 'copy-b.png'))
  const projectFile = join(z.home, 'reach.zebra')
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: projectFile,
    roots: [dir],
    labels: LABELS.map((name) => ({ name }))
  })
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0) // project.create scans first
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 120_000 }).toBe(0)
  return projectFile
}

const decisionOf = (projectFile: string, relPath: string) =>
  currentDecisions(projectFile).find((r) => r.relPath === relPath) ?? null

async function source(page: Page, kind: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Queue source' }).selectOption(kind)
}

test('duplicates, search, possible mistakes and a compare cell, each deciding in the project file', async () => {
  test.setTimeout(300_000)
  z = await launchZebra()
  const { page } = z
  const projectFile = await shapesProject()
  const labelId = new Map(
    (await z.invoke<{ labels: { id: number; name: string }[] }>('project.summary')).labels.map((l) => [
      l.name,
      l.id
    ])
  )
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Review screen' }).click()
  await expect(page.getByTestId('review-file')).toBeVisible()
  const file = page.getByTestId('review-file')
  const position = page.getByText(/in this queue$/)

  // --- duplicates, identical files first: one label for the whole group, one undo for all of it
  await source(page, 'duplicates')
  const levels = page.getByRole('combobox', { name: 'Duplicates level' })
  await expect(levels).toHaveValue('identical')
  expect(await levels.locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).toEqual([
    'identical',
    'auto',
    '0.9',
    '0.95',
    '0.98',
    '0.99',
    '0.995',
    '0.999'
  ])
  const group = page.getByTestId('duplicate-group')
  await expect(group).toBeVisible({ timeout: 30_000 })
  await expect(group).toContainText('Group of 3 identical files')
  const members = await group.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('alt')!))
  expect(members.sort()).toEqual(['copy-a.png', 'copy-b.png', 'world-072.png'])
  await expect(position).toHaveText('1 of 1 in this queue')
  const rep = await file.textContent()
  await shot(page, 'reach-01-identical-files')
  await page.keyboard.press('0')
  const search = page.getByRole('combobox', { name: 'Search labels' })
  await expect(
    page.getByRole('dialog', { name: `Which label for all ${members.length} images of this group?` })
  ).toBeVisible()
  await search.fill('red circle')
  await search.press('Enter')
  await expect
    .poll(() => members.map((m) => decisionOf(projectFile, m)?.label ?? null), { timeout: 20_000 })
    .toEqual(members.map(() => 'red circle'))
  // one U restores every image of the group (they were unreviewed)
  await page.keyboard.press('u')
  await expect
    .poll(() => members.map((m) => decisionOf(projectFile, m)), { timeout: 20_000 })
    .toEqual(members.map(() => null))
  await expect(file).toHaveText(rep ?? '')

  // --- near-duplicates at the model's own threshold (shown); a group whose labels differ asks first
  const { groups: identical } = await z.invoke<{ groups: { imageIds: number[]; relPaths: string[] }[] }>(
    'review.duplicateGroups',
    { level: 'identical' }
  )
  const copyB = identical[0]!.imageIds[identical[0]!.relPaths.indexOf('copy-b.png')]!
  await z.invoke('review.decide', { imageId: copyB, kind: 'corrected', labelId: labelId.get('blue square') })
  await levels.selectOption('auto')
  await expect(page.getByTestId('duplicate-threshold')).toHaveText(/^≥ 0\.\d{3} \(chosen for this model\)$/)
  await expect(group).toBeVisible({ timeout: 30_000 })
  for (let i = 0; i < 20 && !(await group.getByRole('img', { name: 'copy-a.png' }).isVisible()); i++) {
    const before = await file.textContent()
    await page.keyboard.press('ArrowRight')
    await expect(file).not.toHaveText(before ?? '')
  }
  await expect(group).toContainText(/near-duplicates at similarity ≥ 0\.\d{3} \(chosen for this model\)/)
  await expect(page.getByTestId('group-mixed')).toHaveText(/^mixed: 2 .+, 1 blue square\./)
  await page.keyboard.press('1')
  const confirm = page.getByTestId('group-confirm')
  await expect(confirm).toContainText(/^Label all 3 as .+\? 1 of them has another label now\./)
  await shot(page, 'reach-02-mixed-group-asks')
  // the first key wrote nothing
  expect(members.map((m) => decisionOf(projectFile, m)?.label ?? null).sort()).toEqual([
    'blue square',
    null,
    null
  ])
  await page.keyboard.press('1')
  await expect
    .poll(() => new Set(members.map((m) => decisionOf(projectFile, m)?.label ?? null)).size, {
      timeout: 20_000
    })
    .toBe(1)
  expect(decisionOf(projectFile, 'copy-a.png')?.label).not.toBeNull()
  await page.keyboard.press('u')
  await expect
    .poll(() => decisionOf(projectFile, 'copy-b.png')?.label, { timeout: 20_000 })
    .toBe('blue square')
  expect(decisionOf(projectFile, 'copy-a.png')).toBeNull()
  await shot(page, 'reach-02b-group-undone')

  // --- search: the matches open as a queue, reviewed like any other
  await source(page, 'search')
  const box = page.getByRole('searchbox', { name: 'Search text' })
  await expect(box).toBeFocused()
  await box.fill('a photo of a red circle.')
  await box.press('Enter')
  await expect(page.getByTestId('search-score')).toContainText('a photo of a red circle.')
  await expect(position).toHaveText(/^1 of \d+ in this queue$/)
  const hit = (await file.textContent())!
  await expect(page.getByRole('button', { name: /\(key 1\)$/ })).toBeVisible()
  const top1 = (await page.getByRole('button', { name: /\(key 1\)$/ }).getAttribute('aria-label'))!
  await shot(page, 'reach-03-search-results')
  await page.keyboard.press('1')
  await expect(file).not.toHaveText(hit)
  await expect(position).toHaveText(/^2 of \d+ in this queue$/)
  await expect.poll(() => decisionOf(projectFile, hit)?.kind, { timeout: 20_000 }).toBe('accepted')
  expect(top1).toContain(decisionOf(projectFile, hit)!.label!)

  // --- possible mistakes: everything reviewed as suggested, then three red circles mislabelled
  await z.invoke('bulk.acceptRule', { minProb: 0 })
  const circles = await z.invoke<{ imageId: number; relPath: string }[]>('search.text', {
    query: 'a photo of a red circle.',
    limit: 3
  })
  for (const c of circles)
    await z.invoke('review.decide', {
      imageId: c.imageId,
      kind: 'corrected',
      labelId: labelId.get('blue square')
    })
  await source(page, 'mistakes')
  const panel = page.getByTestId('mistake-panel')
  await expect(panel).toBeVisible({ timeout: 30_000 })
  const first = (await file.textContent())!
  const suggested = (await panel
    .getByText(/^Model suggests:/)
    .locator('strong')
    .textContent())!
  await expect(panel).toContainText('Your label:')
  await shot(page, 'reach-04-possible-mistake')
  await page.keyboard.press('a')
  await expect(file).not.toHaveText(first)
  await expect
    .poll(() => decisionOf(projectFile, first), { timeout: 20_000 })
    .toEqual({ relPath: first, kind: 'corrected', label: suggested })
  // K keeps the next one's label: no decision, and it is no longer listed
  const second = (await file.textContent())!
  const secondBefore = decisionOf(projectFile, second)
  await page.keyboard.press('k')
  await expect(page.getByTestId('last-action')).toContainText(`kept`)
  await expect
    .poll(async () =>
      (await z.invoke<{ relPath: string }[]>('review.mistakes', { limit: 500 })).map((m) => m.relPath)
    )
    .not.toContain(second)
  expect(decisionOf(projectFile, second)).toEqual(secondBefore)

  // --- compare: a confusion matrix cell opens its images in review
  await page.getByRole('button', { name: 'Compare screen' }).click()
  await page.getByRole('button', { name: 'Run comparison' }).click()
  const matrix = page.getByRole('region', { name: 'Confusion matrix' })
  await expect(matrix).toBeVisible({ timeout: 60_000 })
  const cell = matrix
    .getByRole('button', { name: /^Review the \d+ images? of blue square predicted as (?!blue square$)/ })
    .first()
  await expect(cell).toBeVisible()
  const cellName = (await cell.getAttribute('aria-label'))!
  const [, count, predicted] = /^Review the (\d+) images? of blue square predicted as (.+)$/.exec(cellName)!
  await matrix.scrollIntoViewIfNeeded()
  await shot(page, 'reach-05-compare-matrix')
  await cell.click()
  await expect(page.getByRole('combobox', { name: 'Queue source' })).toHaveValue('list')
  await expect(page.getByRole('combobox', { name: 'Queue source' }).locator('option:checked')).toHaveText(
    `Compare: blue square predicted as ${predicted}`
  )
  await expect(position).toHaveText(`1 of ${count} in this queue`)
  const opened = (await file.textContent())!
  expect(decisionOf(projectFile, opened)?.label).toBe('blue square')
  await shot(page, 'reach-06-compare-cell-in-review')
  // reviewed like any queue: correct it to what compare predicted
  await page.keyboard.press('0')
  await search.fill(predicted!)
  await search.press('Enter')
  await expect.poll(() => decisionOf(projectFile, opened)?.label, { timeout: 20_000 }).toBe(predicted)

  // a thumbnail of a confusion opens its cell too, at that image (the report is kept: no re-run)
  await page.getByRole('button', { name: 'Compare screen' }).click()
  const thumb = page
    .getByRole('region', { name: 'Largest confusions' })
    .getByRole('button', { name: /^Open image \d+ in review/ })
    .first()
  await expect(thumb).toBeVisible({ timeout: 30_000 })
  const thumbId = Number(/^Open image (\d+)/.exec((await thumb.getAttribute('aria-label'))!)![1])
  const thumbPath = (await z.invoke<{ image: { relPath: string } }>('review.get', { imageId: thumbId })).image
    .relPath
  await thumb.click()
  await expect(file).toHaveText(thumbPath)
  await expect(page.getByRole('combobox', { name: 'Queue source' }).locator('option:checked')).toHaveText(
    /^Compare: /
  )
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
