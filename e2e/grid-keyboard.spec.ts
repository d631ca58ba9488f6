// The grid by keyboard on real files against `zebra serve`: it opens on all images with per-label
// counts and exact probabilities; a threshold typed and applied with Enter selects (check marks,
// count), A accepts, Ctrl+Z / Ctrl+Shift+Z undo and redo, keys work after a toolbar button, `?`
// shows the keys, and Enter opens the image under the cursor in review.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { GridRow } from '../src/shared/contract'
import { probPct } from '../src/shared/prob'
import { currentDecisions, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

test('grid from threshold to accept by keyboard, with undo, redo, help and open in review', async () => {
  test.setTimeout(120_000)
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home)
  const projectFile = join(z.home, 'projects', 'grid.zebra')
  const labels = ['cat', 'coffee', 'rocket', 'motorcycle', 'astronaut', 'gradient']
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: projectFile,
    roots: [images],
    labels: labels.map((name) => ({ name }))
  })
  const summary = (): Promise<{ counts: { images: number; prelabeled: number } }> =>
    z.invoke('project.summary')
  await expect.poll(async () => (await summary()).counts.images, { timeout: 30_000 }).toBe(13)
  await z.invoke('prelabel.start', {})
  await expect.poll(async () => (await summary()).counts.prelabeled, { timeout: 60_000 }).toBe(13)

  // what the grid must show, from the bridge: all 13, most confident first
  const { rows } = await z.invoke<{ rows: GridRow[] }>('grid.page', { offset: 0, limit: 100 })
  expect(rows).toHaveLength(13)

  await page.goto(z.url)
  await page.getByRole('button', { name: 'Grid screen' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText('13 images')
  const label = page.getByRole('combobox', { name: 'Label' })
  await expect(label.locator('option:checked')).toHaveText('All labels (13)')
  const tiles = page.getByTestId('grid-tile')
  await expect(tiles).toHaveCount(13)
  // exact probabilities: the same formatting as the unit-tested probPct, never "100%" below 1
  await expect
    .poll(() => tiles.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    .toEqual(rows.map((r) => `${r.relPath}, ${probPct(r.prob)}`))

  // threshold = the 5th highest probability: Enter in the field selects those 5 (or more on ties)
  const threshold = rows[4]!.prob
  const chosen = rows.filter((r) => r.prob >= threshold)
  const field = page.getByLabel('Probability threshold')
  await field.fill(String(threshold))
  await field.press('Enter')
  await expect(page.getByTestId('grid-selected')).toHaveText(`${chosen.length} selected`)
  await expect(page.locator('.tile.selected .tile-check')).toHaveCount(chosen.length)
  await shot(page, 'grid-keyboard-selected')

  // A accepts (focus moved from the field into the grid), one step
  await page.keyboard.press('a')
  await expect(page.getByTestId('grid-total')).toHaveText(`${13 - chosen.length} images`)
  const nameOf = new Map(
    (await z.invoke<{ labels: { id: number; name: string }[] }>('project.summary')).labels.map((l) => [
      l.id,
      l.name
    ])
  )
  const want = chosen.map((r) => ({ relPath: r.relPath, kind: 'accepted', label: nameOf.get(r.labelId)! }))
  want.sort((a, b) => a.relPath.localeCompare(b.relPath))
  expect(currentDecisions(projectFile)).toEqual(want)

  // undo and redo by keyboard
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('grid-total')).toHaveText('13 images')
  expect(currentDecisions(projectFile)).toEqual([])
  await page.keyboard.press('Control+Shift+z')
  await expect(page.getByTestId('grid-total')).toHaveText(`${13 - chosen.length} images`)
  expect(currentDecisions(projectFile)).toEqual(want)
  // the per-label counts follow the decisions (unreviewed only)
  await expect(label.locator('option:checked')).toHaveText(`All labels (${13 - chosen.length})`)

  // keys still work with focus on a toolbar button: "All", then ? and Esc
  await page.getByRole('button', { name: 'Select all', exact: true }).click()
  await expect(page.getByTestId('grid-selected')).toHaveText(`${13 - chosen.length} selected`)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('grid-selected')).toHaveText('0 selected')
  await page.keyboard.press('?')
  await expect(page.getByTestId('grid-keys-overlay')).toBeVisible()
  await shot(page, 'grid-keyboard-keys')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('grid-keys-overlay')).toBeHidden()

  // arrows move the cursor; Enter opens that image in review
  const grid = page.getByRole('grid')
  await grid.focus()
  await page.keyboard.press('ArrowRight')
  const second = (await tiles.nth(1).getAttribute('aria-label'))!.replace(/, [\d.]+%$/, '')
  await expect(tiles.nth(1)).toHaveClass(/cursor/)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('review-file')).toHaveText(second)

  // and a double-click opens a tile too
  await page.getByRole('button', { name: 'Grid screen' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText(`${13 - chosen.length} images`)
  const third = tiles.nth(2)
  await expect(third).toHaveAttribute('aria-label', /%$/)
  const thirdFile = (await third.getAttribute('aria-label'))!.replace(/, [\d.]+%$/, '')
  await third.dblclick()
  await expect(page.getByTestId('review-file')).toHaveText(thirdFile)
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
