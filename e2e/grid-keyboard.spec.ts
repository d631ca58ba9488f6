// The grid by keyboard on real files against `zebra serve`: it opens on all images with per-label
// counts, each tile naming its zero-shot top-1 label and exact probability; a threshold typed and
// applied with Enter selects (check marks, count) and states its expected precision, A accepts,
// Ctrl+Z / Ctrl+Shift+Z undo and redo, keys work after a toolbar button, `?` shows the keys, and
// Enter opens the image under the cursor in review. Then, with decisions made in review, tiles
// show the adapted top-1 exactly where review suggests one, and the precision beside a selection
// is the one counted from the project file.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import type { GridRow, ReviewItem } from '../src/shared/contract'
import { pct, probPct } from '../src/shared/prob'
import { currentDecisions, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

interface FileRow {
  id: number
  relPath: string
  label: string
  prob: number
  decided: string | null
  decidedAs: number | null
  top1: number
  batch: string | null
}

/** Every image as the project file holds it, most confident first (the grid's order). */
function fileRows(projectFile: string): FileRow[] {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        `SELECT i.id, i.rel_path AS relPath, l.name AS label, i.top1_prob AS prob, i.top1_label AS top1,
                d.kind AS decided, d.label_id AS decidedAs, b.kind AS batch
           FROM images i JOIN labels l ON l.id = i.top1_label
           LEFT JOIN decisions d ON d.id = i.cur_decision LEFT JOIN batches b ON b.id = d.batch_id
          ORDER BY i.top1_prob DESC, i.id DESC`
      )
      .all() as FileRow[]
  } finally {
    db.close()
  }
}

/** The tile's name for a file row: its zero-shot top-1 and, where review shows one, the adapted. */
function tileName(r: FileRow, adapted?: { label: string; prob: number }): string {
  const zs = `${r.relPath}: ${r.label} ${probPct(r.prob)} zero-shot`
  return adapted ? `${zs}; ${adapted.label} ${probPct(adapted.prob)} adapted` : zs
}

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
  // each tile names its zero-shot top-1 as the project file holds it, with the exact probability
  // (the unit-tested probPct, never "100%" below 1); nothing is decided, so nothing is adapted yet
  const names = (): Promise<(string | null)[]> =>
    tiles.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
  const inFile = fileRows(projectFile)
  expect(inFile.map((r) => r.relPath)).toEqual(rows.map((r) => r.relPath))
  await expect.poll(names).toEqual(inFile.map((r) => tileName(r)))
  await expect(tiles.first().getByTestId('tile-zeroshot')).toHaveText(
    `zero-shot${inFile[0]!.label}${probPct(inFile[0]!.prob)}`
  )

  // threshold = the 5th highest probability: Enter in the field selects those 5 (or more on ties)
  const threshold = rows[4]!.prob
  const chosen = rows.filter((r) => r.prob >= threshold)
  const field = page.getByLabel('Probability threshold')
  await field.fill(String(threshold))
  await field.press('Enter')
  await expect(page.getByTestId('grid-selected')).toHaveText(`${chosen.length} selected`)
  await expect(page.locator('.tile.selected .tile-check')).toHaveCount(chosen.length)
  // nothing decided yet: no precision, and why; the coverage of the 13 unreviewed images
  await expect(page.getByTestId('grid-precision')).toHaveText(
    `expected precision: too few decisions (0 of 10 needed) · covers ${pct(chosen.length / 13)} of 13`
  )
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
  const second = (await tiles.nth(1).getAttribute('aria-label'))!.replace(/: .*$/, '')
  await expect(tiles.nth(1)).toHaveClass(/cursor/)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('review-file')).toHaveText(second)

  // and a double-click opens a tile too
  await page.getByRole('button', { name: 'Grid screen' }).click()
  await expect(page.getByTestId('grid-total')).toHaveText(`${13 - chosen.length} images`)
  const third = tiles.nth(2)
  await expect(third).toHaveAttribute('aria-label', /zero-shot/)
  const thirdFile = (await third.getAttribute('aria-label'))!.replace(/: .*$/, '')
  await third.dblclick()
  await expect(page.getByTestId('review-file')).toHaveText(thirdFile)

  // every image decided in review (the grid's bulk accepts are no evidence of its precision):
  // the photos as "cat", the drawn images as "gradient", which the adapter can learn
  const idOf = (n: string): number => [...nameOf].find(([, name]) => name === n)![0]
  for (const r of fileRows(projectFile)) {
    const labelId = idOf(r.relPath.startsWith('photo_') ? 'cat' : 'gradient')
    await z.invoke('review.decide', { imageId: r.id, kind: 'corrected', labelId })
  }
  // what review suggests now, once the adapter's refit after these decisions has settled
  const ids = fileRows(projectFile).map((r) => r.id)
  const suggested = async (): Promise<string> =>
    JSON.stringify(
      (await z.invoke<ReviewItem[]>('review.items', { imageIds: ids })).map((it) => it.suggestions[0])
    )
  let last = ''
  await expect.poll(async () => last === (last = await suggested())).toBe(true)
  const review = new Map(
    (await z.invoke<ReviewItem[]>('review.items', { imageIds: ids })).map((it) => [
      it.image.id,
      it.suggestions[0]!
    ])
  )

  await page.getByRole('button', { name: 'Grid screen' }).click()
  await page.getByRole('combobox', { name: 'Grid status filter' }).selectOption('all')
  await expect(page.getByTestId('grid-total')).toHaveText('13 images')
  const decided = fileRows(projectFile)
  // the adapted top-1 on a tile is exactly review's suggestion, where review's is adapted
  const adaptedNames = decided.map((r) => {
    const s = review.get(r.id)!
    return tileName(r, s.source === 'adapted' ? s : undefined)
  })
  // (the demo model and these decisions are fixed: the adapter has learnt, so there are some)
  expect(adaptedNames.filter((n) => n.endsWith(' adapted')).length).toBeGreaterThan(0)
  await expect.poll(names).toEqual(adaptedNames)
  console.log(
    `[grid-keyboard] tiles with an adapted top-1: ${adaptedNames.filter((n) => n.endsWith('adapted')).length} of 13`
  )

  // p ≥ the 11th probability: 11 decided images; the precision counted from the project file
  const x = decided[10]!.prob
  const evidence = decided.filter(
    (r) => r.prob >= x && (r.decided === 'corrected' || (r.decided === 'accepted' && r.batch === 'decide'))
  )
  const right = evidence.filter((r) => r.decidedAs === r.top1).length
  const above = decided.filter((r) => r.prob >= x).length
  expect(evidence.length).toBeGreaterThanOrEqual(10)
  await field.fill(String(x))
  await field.press('Enter')
  await expect(page.getByTestId('grid-selected')).toHaveText(`${above} selected`)
  await expect(page.getByTestId('grid-precision')).toHaveText(
    `expected precision ${pct(right / evidence.length)} (${right} of ${evidence.length} decided images right) · covers ${pct(above / 13)} of 13`
  )
  await shot(page, 'grid-keyboard-precision')
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
