// The review keys where new users lost them, in Chromium against `zebra serve` on the sample
// project: right after a filter change (the dropdown kept the focus and ate S and 1), and across
// a server restart (the tab came back on Start) or while the server is down (a key vanished).
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, test, type Page } from '@playwright/test'
import { decisionLog, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra

function annotators(projectFile: string): string[] {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare('SELECT DISTINCT annotator FROM decisions').all() as { annotator: string }[]).map(
      (r) => r.annotator
    )
  } finally {
    db.close()
  }
}
test.afterEach(async () => {
  await z?.close()
})

/** Start → Try the sample project (pre-labelled as it opens) → Review. */
async function sampleReview(page: Page): Promise<string> {
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Try the sample project' }).click()
  await expect(page.getByTestId('progress-prelabel')).toContainText('done', { timeout: 60_000 })
  await page.getByRole('button', { name: 'Go to review' }).click()
  await expect(page.getByTestId('review-file')).toBeVisible()
  return join(z.home, 'sample', 'sample.zebra')
}

test('a key pressed right after any filter change decides the image, not the dropdown', async () => {
  z = await launchZebra()
  const { page } = z
  const file = await sampleReview(page)
  const kinds = (): string[] => decisionLog(file).map((d) => d.kind)

  // the bar says who decides; its button leads to the setting, and the name sticks to decisions
  await page.getByTestId('annotator').click()
  await page.getByLabel('Annotator name').fill('Ada Lovelace')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'recorded as “Ada Lovelace”' })).toBeVisible()
  await page.getByRole('button', { name: 'Review screen' }).click()
  await expect(page.getByTestId('annotator')).toHaveText('as Ada Lovelace')

  const pick = async (
    name: string,
    value: { label?: string; value?: string },
    key: string
  ): Promise<void> => {
    const select = page.getByRole('combobox', { name })
    await select.focus()
    await select.selectOption(value)
    await page.keyboard.press(key)
  }
  await pick('Status filter', { value: 'all' }, 's')
  await expect.poll(kinds).toEqual(['skipped'])
  await expect(page.getByRole('combobox', { name: 'Status filter' })).toHaveValue('all')

  await pick('Order', { value: 'lowest_confidence' }, '1')
  await expect.poll(kinds).toEqual(['skipped', 'accepted'])
  await expect(page.getByRole('combobox', { name: 'Order' })).toHaveValue('lowest_confidence')

  await pick('Suggested label filter', { label: 'yellow star' }, 'n')
  await expect.poll(kinds).toEqual(['skipped', 'accepted', 'unsure'])

  await page.getByRole('combobox', { name: 'Queue source' }).selectOption({ value: 'mistakes' })
  await pick('Queue source', { value: 'queue' }, 'u')
  // U undid the 'unsure': the append-only log records the undo as a revert
  await expect.poll(kinds).toEqual(['skipped', 'accepted', 'unsure', 'revert'])
  await expect(page.getByTestId('last-action')).toContainText('undone')

  // a dropdown that kept the focus without a change (opened and closed): S still skips the image
  const show = page.getByRole('combobox', { name: 'Status filter' })
  await show.focus()
  await page.keyboard.press('s')
  await expect.poll(kinds).toEqual(['skipped', 'accepted', 'unsure', 'revert', 'skipped'])
  await expect(show).toHaveValue('unreviewed')
  expect(annotators(file)).toEqual(['Ada Lovelace'])
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})

test('a restart mid-review reopens the project at the same image; a key while down is not lost silently', async () => {
  z = await launchZebra()
  const { page } = z
  const file = await sampleReview(page)
  const shown = page.getByTestId('review-file')
  await page.keyboard.press('1')
  await expect.poll(() => decisionLog(file).length).toBe(1)
  await page.keyboard.press('s')
  await expect.poll(() => decisionLog(file).length).toBe(2)
  const at = (await shown.textContent())!

  const reopened = page.getByRole('status').filter({ hasText: 'Sample project is open again' })
  await z.restart()
  // the restarted server has no project open: the tab reopens its own, at the same image
  await expect(reopened).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('server-down')).toHaveCount(0)
  await expect(page.locator('.project-name')).toContainText('Sample project')
  await expect(page.getByRole('main', { name: 'Review' })).toBeVisible()
  await expect(shown).toHaveText(at)
  await expect.poll(async () => (await z.invoke<{ path: string } | null>('project.summary'))?.path).toBe(file)

  // ← on the first unreviewed image: the decision just made (before the restart, a fresh session:
  // nothing yet) — decide one now and glance back at it
  await page.keyboard.press('1')
  await expect.poll(() => decisionLog(file).length).toBe(3)
  const next = (await shown.textContent())!
  await page.keyboard.press('ArrowLeft')
  await expect(shown).toHaveText(at)
  await expect(page.getByTestId('current-decision')).toContainText('accepted')
  await page.keyboard.press('ArrowRight')
  await expect(shown).toHaveText(next)

  // the server stops: the tab says so before the next key, and the key is not recorded quietly
  await z.stop()
  await expect(page.getByTestId('server-down')).toContainText("Zebra's server is not answering")
  await shot(page, 'review-server-down')
  await page.keyboard.press('1')
  await expect(page.getByTestId('last-action')).toHaveText(`not saved — ${next}`)
  await expect(shown).toHaveText(next)
  await expect(reopened).toHaveCount(0) // the first notice has gone
  await z.start()
  await expect(reopened).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('server-down')).toHaveCount(0)
  await expect(shown).toHaveText(next)
  await page.keyboard.press('1')
  await expect.poll(() => decisionLog(file).map((d) => d.relPath)).toEqual(expect.arrayContaining([next]))
  expect(decisionLog(file)).toHaveLength(4)
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
