// The grid with 100,000 images: pages are fetched on demand, the DOM holds only what is on
// screen, and "select all with p ≥ x" + accept is one undoable step over thousands of images.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { createSyntheticProject } from '../src/main/db/testing/synthetic'
import { shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

const N = 100_000
let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

test('grid over 100k images: on-demand pages, bounded DOM, bulk accept above a threshold', async () => {
  test.setTimeout(180_000)
  z = await launchZebra()
  const { page } = z
  const file = join(z.home, 'scale.zebra')
  // rows only, and no folder: opening scans in the background, and a folder that is not there is
  // left as it was (a disconnected drive), where an empty one would mark all 100k images missing
  const root = join(z.home, 'no-files')
  const t0 = Date.now()
  // rows only (no image files); then every image's top-1 is made the first label (the
  // denormalised column the grid reads), so that one grid holds all 100k
  createSyntheticProject(file, root, { images: N, labels: 5, reviewed: 0, seed: 7 }).close()
  const rw = new Database(file)
  rw.prepare('UPDATE images SET top1_label = (SELECT min(id) FROM labels)').run()
  rw.close()
  console.log(`[grid-scale] synthetic project of ${N} images in ${Date.now() - t0} ms`)

  await z.invoke('project.open', { path: file })
  const pageCalls: number[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/invoke/grid.page')) pageCalls.push(Date.now())
  })
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Grid screen' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText(`${N} images`, { timeout: 20_000 })
  const tiles = page.getByTestId('grid-tile')
  expect(await tiles.count()).toBeLessThan(200)

  // jump to the end: only the pages on screen are fetched
  const grid = page.getByRole('grid')
  const before = pageCalls.length
  await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(tiles.last()).toHaveAttribute('aria-label', /zero-shot/)
  expect(pageCalls.length - before).toBeLessThanOrEqual(3)
  expect(await tiles.count()).toBeLessThan(200)
  await shot(page, '12-grid-100k-end')

  // select everything with p >= 0.8 (a prefix of the sorted list) and accept it in one step
  const db = new Database(file, { readonly: true })
  const above = (db.prepare('SELECT COUNT(*) AS n FROM images WHERE top1_prob >= 0.8').get() as { n: number })
    .n
  db.close()
  expect(above).toBeGreaterThan(1000)
  await page.getByLabel('Probability threshold').fill('0.8')
  await page.getByRole('button', { name: 'Select all with probability at least the threshold' }).click()
  await expect(page.getByTestId('grid-selected')).toHaveText(`${above} selected`)
  const t1 = Date.now()
  await page.getByRole('button', { name: 'Accept selected' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText(`${N - above} images`, { timeout: 60_000 })
  console.log(`[grid-scale] bulk accept of ${above} images: ${Date.now() - t1} ms`)

  const check = new Database(file, { readonly: true })
  const accepted = (check.prepare('SELECT COUNT(*) AS n FROM images WHERE rv = 1').get() as { n: number }).n
  const batches = (
    check.prepare("SELECT COUNT(*) AS n FROM batches WHERE kind = 'bulk'").get() as { n: number }
  ).n
  check.close()
  expect(accepted).toBe(above)
  expect(batches).toBe(1) // one undoable step

  // and one undo takes it all back
  await page.getByRole('button', { name: 'Undo last action' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText(`${N} images`, { timeout: 60_000 })
})
