// Image folders from the app: add a second folder with the folder picker (its scan
// finds the new images and a broken one), pre-label, a file copied in while the project was
// closed is found by the scan on open, the unreadable list comes back after a restart of the
// bridge, the pre-label screen's numbers agree with each other and the file, and removing a
// folder says what it does first.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test, type Page } from '@playwright/test'
import { brokenImage, sampleImages, shot } from './helpers'
import { ROOT, launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

const T = { timeout: 60_000 }

/** What the project file says, read beside the app (the single source the screen must agree with). */
function fileCounts(file: string): { ok: number; prelabeled: number; unreadable: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        `SELECT coalesce(sum(i.state = 'ok'), 0) AS ok,
           coalesce(sum(i.state = 'ok' AND i.top1_prob IS NOT NULL), 0) AS prelabeled,
           coalesce(sum(i.state = 'unreadable'), 0) AS unreadable
         FROM images i JOIN roots r ON r.id = i.root_id WHERE r.removed_at IS NULL`
      )
      .get() as { ok: number; prelabeled: number; unreadable: number }
  } finally {
    db.close()
  }
}

/** The pre-label screen's numbers, once they match `want` (they follow the jobs as they run). */
async function expectNumbers(
  page: Page,
  want: { prelabeled: number; readable: number; unreadable: number; listed?: number }
): Promise<void> {
  await expect(page.getByTestId('prelabeled-count')).toHaveText(String(want.prelabeled), T)
  await expect(page.getByTestId('readable-count')).toHaveText(String(want.readable), T)
  await expect(page.getByTestId('unreadable-count')).toHaveText(String(want.unreadable), T)
  if (want.unreadable > 0) {
    await expect(
      page.getByRole('heading', { name: `Images that could not be read (${want.unreadable})` })
    ).toBeVisible()
    await expect(page.getByTestId('unreadable-list').locator('li')).toHaveCount(
      want.listed ?? want.unreadable
    )
  } else {
    await expect(page.getByRole('heading', { name: /could not be read/ })).toHaveCount(0)
  }
}

async function openFromStart(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Recent projects' })).toBeVisible(T)
  await page.getByRole('button', { name: `Open project ${name}` }).click()
  await expect(page.locator('.project-name')).toContainText(name, T)
  await page.getByRole('button', { name: 'Pre-label screen' }).click()
}

test('folders: add one, scan on open finds new files, unreadable list survives a restart', async () => {
  test.setTimeout(240_000)
  z = await launchZebra()
  const { page } = z
  const a = sampleImages(z.home, ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg'])
  const b = join(z.home, 'more photos')
  mkdirSync(b)
  for (const f of ['square_224x224.png', 'wide_1000x100.webp', 'gray_257x129.png'])
    copyFileSync(join(ROOT, 'resources', 'sample-images', f), join(b, f))
  brokenImage(b, 'half-synced.jpg')
  const file = join(z.home, 'pets.zebra')
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: file,
    name: 'Pets',
    roots: [a],
    labels: [{ name: 'cat' }, { name: 'cup' }, { name: 'rocket' }]
  })

  await page.goto(z.url)
  await page.getByRole('button', { name: 'Pre-label screen' }).click()
  const panel = page.getByTestId('folders-panel')
  await expect(panel.getByTestId('folder-row')).toHaveCount(1, T)
  await expectNumbers(page, { prelabeled: 0, readable: 3, unreadable: 0 })

  // add the second folder with the picker: its scan finds 4 new files, one of them unreadable
  await panel.getByRole('button', { name: 'Add folder…' }).click()
  const picker = page.getByTestId('folder-picker')
  // the picker lists its start folder first (a path typed before that answer is overwritten)
  await expect(picker.getByRole('button', { name: 'Open folder more photos' })).toBeVisible(T)
  await picker.getByLabel('Folder path').fill(b)
  await picker.getByRole('button', { name: 'Go' }).click()
  await expect(picker.getByLabel('Folder path')).toHaveValue(b)
  await picker.getByRole('button', { name: 'Choose this folder' }).click()
  await expect(panel.getByTestId('folder-row')).toHaveCount(2, T)
  await expect(panel.getByTestId('scan-new')).toHaveText('4', T)
  await expect(panel.getByTestId('scan-summary')).toContainText('1 newly unreadable')
  await expectNumbers(page, { prelabeled: 0, readable: 6, unreadable: 1 })
  await expect(page.getByTestId('unreadable-list')).toContainText('half-synced.jpg')
  await shot(page, 'folders-added')

  await page.getByRole('button', { name: 'Start pre-labelling' }).click()
  await expect(page.getByTestId('progress-prelabel')).toContainText('done', T)
  await expectNumbers(page, { prelabeled: 6, readable: 6, unreadable: 1 })
  expect(fileCounts(file)).toEqual({ ok: 6, prelabeled: 6, unreadable: 1 })
  await shot(page, 'folders-prelabelled')

  // a file copied in while the project is closed: the scan on open finds it
  await page.getByRole('button', { name: 'Close project' }).click()
  copyFileSync(join(ROOT, 'resources', 'sample-images', 'photo_astronaut.jpg'), join(a, 'astronaut.jpg'))
  await openFromStart(page, 'Pets')
  await expect(page.getByRole('status').filter({ hasText: 'The scan found 1 new' })).toBeVisible(T)
  await expectNumbers(page, { prelabeled: 6, readable: 7, unreadable: 1 })
  await expect(page.getByTestId('unscored')).toContainText('1 image has no suggestions yet')
  await expect(panel.getByTestId('scan-new')).toHaveText('1')
  await shot(page, 'folders-scan-on-open')

  // the unreadable list is in the project file: a restarted bridge shows it again (the tab
  // reopens the project it had, on the screen it was on)
  await z.restart()
  await expect(page.getByRole('status').filter({ hasText: 'Pets is open again' })).toBeVisible(T)
  await expect(page.getByRole('heading', { name: 'Pre-label' })).toBeVisible()
  await expectNumbers(page, { prelabeled: 6, readable: 7, unreadable: 1 })
  await expect(page.getByTestId('unreadable-list')).toContainText('half-synced.jpg')
  await shot(page, 'folders-after-restart')

  // fixed file, Scan again: it is readable now
  copyFileSync(
    join(ROOT, 'resources', 'sample-images', 'photo_motorcycle_left.jpg'),
    join(b, 'half-synced.jpg')
  )
  await page.getByRole('button', { name: 'Scan again' }).click()
  await expectNumbers(page, { prelabeled: 6, readable: 8, unreadable: 0 })
  await expect(panel.getByTestId('scan-summary')).toContainText('1 changed')

  // removing a folder says what it does, and asks first
  await panel.getByRole('button', { name: `Remove folder ${b}` }).click()
  const dialog = page.getByTestId('remove-folder')
  await expect(dialog).toContainText('Its 4 images leave the project')
  await expect(dialog).toContainText('No file on disk is changed or deleted')
  await shot(page, 'folders-remove-confirm')
  await dialog.getByRole('button', { name: 'Remove folder' }).click()
  await expect(panel.getByTestId('folder-row')).toHaveCount(1, T)
  await expectNumbers(page, { prelabeled: 3, readable: 4, unreadable: 0 })
  expect(fileCounts(file)).toEqual({ ok: 4, prelabeled: 3, unreadable: 0 })
  await shot(page, 'folders-removed')
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
