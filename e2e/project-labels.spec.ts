// The project changes after it was created (labels and templates): in Settings, add a
// label with a description (the suggestions are re-scored and show it), rename one (its decisions
// follow), merge two (the log keeps the original), archive one (gone from the suggestions), edit
// the default templates; in review, add "giraffe" from the correction panel. Real bridge, real
// project file, demo model.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test, type Page } from '@playwright/test'
import { currentDecisions, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

interface Job {
  kind: string
  state: string
}
const rescoreJobs = async (): Promise<Job[]> =>
  (await z.invoke<Job[]>('jobs.list')).filter((j) => j.kind === 'rescore')

/** runs `action`, then waits for the rescore job it starts to finish and the screen to say so */
async function rescored(page: Page, action: () => Promise<void>): Promise<void> {
  const before = (await rescoreJobs()).length
  await action()
  await expect.poll(async () => (await rescoreJobs()).length, { timeout: 60_000 }).toBeGreaterThan(before)
  await expect
    .poll(async () => (await rescoreJobs()).every((j) => j.state !== 'running'), { timeout: 60_000 })
    .toBe(true)
  expect((await rescoreJobs()).at(-1)!.state).toBe('done')
  if (await page.getByRole('heading', { name: 'Project settings' }).isVisible())
    await expect(page.getByTestId('rescore-status')).toHaveAttribute('data-state', 'done')
}

/** the label ids recorded in the decision log, oldest first */
function loggedLabels(file: string): (string | null)[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (
      db
        .prepare(
          "SELECT l.name FROM decisions d LEFT JOIN labels l ON l.id = d.label_id WHERE d.kind != 'revert' ORDER BY d.id"
        )
        .pluck()
        .all() as (string | null)[]
    ).map((x) => x)
  } finally {
    db.close()
  }
}

async function correct(page: Page, text: string): Promise<void> {
  await page.keyboard.press('0')
  const input = page.getByLabel('Search labels')
  await expect(input).toBeVisible()
  await input.fill(text)
  await expect(page.getByRole('listbox', { name: 'Matching labels' }).getByRole('option').first()).toHaveText(
    text
  )
  await input.press('Enter')
  await expect(input).toBeHidden()
}

const suggestionNames = async (page: Page): Promise<string[]> =>
  (await page.locator('.suggestions .s-label').allTextContents()).sort()

test('labels and templates change after creation: add, rename, merge, archive, add from review', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home, [
    'gray_257x129.png',
    'photo_chelsea.jpg',
    'photo_coffee.jpg',
    'photo_rocket.jpg'
  ])
  const projectFile = join(z.home, 'zoo.zebra')
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: projectFile,
    roots: [images],
    labels: ['cat', 'kitty', 'coffee', 'rocket'].map((name) => ({ name }))
  })
  const running = async (): Promise<number> =>
    (await z.invoke<Job[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)

  // two corrections in review: kitty and cat
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Review screen' }).click()
  const file = page.getByTestId('review-file')
  await expect(file).toHaveText('gray_257x129.png')
  await correct(page, 'kitty')
  await expect(file).toHaveText('photo_chelsea.jpg')
  await correct(page, 'cat')
  await expect(file).toHaveText('photo_coffee.jpg')
  expect(await suggestionNames(page)).toEqual(['cat', 'coffee', 'kitty', 'rocket'])

  // settings: add a label with a description; the suggestions are re-scored with it
  await page.getByRole('button', { name: 'Settings screen' }).click()
  await expect(page.getByRole('heading', { name: 'Project settings' })).toBeVisible()
  await expect(page.getByTestId('decided-cat')).toHaveText('1 decided')
  await page.getByLabel('New label name').fill('astronaut')
  await page.getByLabel('New label descriptions').fill('a person in a white space suit')
  await rescored(page, () => page.getByRole('button', { name: 'Add label' }).click())
  const astronaut = page.getByRole('listitem', { name: 'Label astronaut' })
  await expect(astronaut).toContainText('a person in a white space suit')
  await shot(page, 'project-labels-01-added-and-rescored')

  // rename cat -> tabby cat
  await page.getByRole('button', { name: 'Edit cat' }).click()
  await page.getByLabel('Label name', { exact: true }).fill('tabby cat')
  await rescored(page, () => page.getByRole('button', { name: 'Save label' }).click())
  await expect(page.getByTestId('decided-tabby cat')).toHaveText('1 decided')

  // merge kitty into tabby cat: its decision counts there, the log keeps kitty
  await page.getByRole('button', { name: 'Merge kitty' }).click()
  await page.getByLabel('Merge into').selectOption({ label: 'tabby cat' })
  await expect(page.getByText(/will count as “tabby cat”/)).toBeVisible()
  await shot(page, 'project-labels-02-merge')
  await rescored(page, () => page.getByRole('button', { name: 'Merge', exact: true }).click())
  await expect(page.getByTestId('decided-tabby cat')).toHaveText('2 decided')
  expect(loggedLabels(projectFile)).toEqual(['kitty', 'tabby cat'])

  // archive rocket
  await rescored(page, () => page.getByRole('button', { name: 'Archive rocket' }).click())
  await page.getByLabel(/Show archived and merged/).check()
  await expect(page.getByRole('listitem', { name: 'Label kitty' })).toContainText(
    'merged into tabby cat (1 recorded)'
  )
  await expect(page.getByRole('listitem', { name: 'Label rocket' })).toContainText('archived')
  await page.getByRole('listitem', { name: 'Label rocket' }).scrollIntoViewIfNeeded()
  await shot(page, 'project-labels-03-archived-and-merged')

  // review: the suggestions have astronaut, not kitty or rocket; decisions follow the rename/merge
  await page.getByRole('button', { name: 'Review screen' }).click()
  await expect(file).toHaveText('photo_coffee.jpg')
  await expect.poll(() => suggestionNames(page)).toEqual(['astronaut', 'coffee', 'tabby cat'])
  await page.getByLabel('Status filter').selectOption('all')
  await expect(file).toHaveText('gray_257x129.png')
  await expect(page.getByTestId('current-decision')).toContainText('corrected: tabby cat')
  await expect(page.getByTestId('current-decision')).toContainText('(recorded as kitty)')
  await page.keyboard.press('ArrowRight')
  await expect(file).toHaveText('photo_chelsea.jpg')
  await expect(page.getByTestId('current-decision')).toContainText('corrected: tabby cat')
  await page.keyboard.press('ArrowRight')
  await expect(file).toHaveText('photo_coffee.jpg')

  // the correction panel adds "giraffe" and applies it
  await page.keyboard.press('0')
  const input = page.getByLabel('Search labels')
  await input.fill('giraffe')
  const add = page.getByRole('option', { name: 'Add “giraffe” as a new label' })
  await expect(add).toBeVisible()
  await shot(page, 'project-labels-04-add-from-correction')
  await rescored(page, () => input.press('Enter'))
  await expect(input).toBeHidden()
  await expect
    .poll(() => currentDecisions(projectFile).find((r) => r.relPath === 'photo_coffee.jpg'))
    .toEqual({ relPath: 'photo_coffee.jpg', kind: 'corrected', label: 'giraffe' })
  // the screen moved on to the next image: back to the corrected one
  await expect(file).toHaveText('photo_rocket.jpg')
  await page.keyboard.press('ArrowLeft')
  await expect(file).toHaveText('photo_coffee.jpg')
  await expect(page.getByTestId('current-decision')).toContainText('corrected: giraffe')
  await expect.poll(() => suggestionNames(page)).toEqual(['astronaut', 'coffee', 'giraffe', 'tabby cat'])
  await shot(page, 'project-labels-05-giraffe-applied')

  // templates: edit the default set; re-scored
  await page.getByRole('button', { name: 'Settings screen' }).click()
  await expect(page.getByTestId('decided-giraffe')).toHaveText('1 decided')
  await page.getByRole('tab', { name: 'Templates' }).click()
  const sets = await z.invoke<{ activeTemplateSetId: number; templateSets: { id: number; name: string }[] }>(
    'project.summary'
  )
  const def = sets.templateSets.find((s) => s.id === sets.activeTemplateSetId)!
  await page.getByRole('button', { name: `Edit ${def.name}` }).click()
  await page.getByRole('textbox', { name: 'Templates', exact: true }).fill('no placeholder')
  await page.getByRole('button', { name: 'Save templates' }).click()
  await expect(page.getByRole('alert')).toContainText('has no {} where the label goes')
  await page
    .getByRole('textbox', { name: 'Templates', exact: true })
    .fill('a photo of a {}.\na blurry photo of a {}.')
  await rescored(page, () => page.getByRole('button', { name: 'Save templates' }).click())
  await expect(page.getByRole('listitem', { name: `Template set ${def.name}` })).toContainText('2 templates')
  await shot(page, 'project-labels-06-templates')
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
