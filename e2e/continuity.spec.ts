// Continuity across a restart of the real `zebra serve` on the same ZEBRA_HOME: the same URL
// (port and token kept in the data folder), the last model loads again by itself, and the open
// tab reconnects its event stream and refetches state, without a reload; a reload works too.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

test('restart: same URL, the model reloads, the open tab reconnects', async () => {
  z = await launchZebra()
  const { page } = z
  await page.goto(z.url)
  await expect(page.getByRole('heading', { name: 'First, a model' })).toBeVisible()
  const demoBadge = page.locator('.topbar').getByText('demo model', { exact: true })

  // a model chosen elsewhere reaches the tab through its event stream
  await z.invoke('model.useDemo')
  await expect(demoBadge).toBeVisible()
  await expect(page.getByRole('heading', { name: 'First, a model' })).toHaveCount(0)

  const before = z.url
  const file = join(z.home, 'serve.json')
  if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  expect(readFileSync(file, 'utf8')).toContain(z.token)

  await z.restart()
  expect(z.url).toBe(before)
  // nobody clicked anything: the restarted server loads the last model in the background
  await expect
    .poll(async () => (await z.invoke<{ loaded: boolean }>('model.status')).loaded, { timeout: 60_000 })
    .toBe(true)

  // the same tab, not reloaded: its event stream is back, so a project opened now shows up in it
  await z.invoke('project.openSample')
  await expect(page.locator('.project-name')).toContainText('Sample project', { timeout: 30_000 })

  // a second restart: the server forgets the open project, the tab reopens the one it showed,
  // with the model reloaded (no "First, a model")
  await z.restart()
  expect(z.url).toBe(before)
  await expect
    .poll(async () => (await z.invoke<{ name: string } | null>('project.summary'))?.name, { timeout: 30_000 })
    .toBe('Sample project')
  await expect(page.locator('.project-name')).toContainText('Sample project')
  await expect(demoBadge).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('heading', { name: 'First, a model' })).toHaveCount(0)

  // closed on purpose, it stays closed: a reload finds nothing to reopen
  await page.getByRole('button', { name: 'Close project' }).click()
  await expect(page.getByRole('heading', { name: 'Recent projects' })).toBeVisible()

  // a reload of the tab (token from the session, same port) works against the restarted server
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Recent projects' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Open project Sample project' })).toBeVisible()
  await expect(demoBadge).toBeVisible()
  // the new project's file follows the name typed
  await page.getByLabel('Project name').fill('Birds & Bees')
  await expect(page.getByLabel('Project file path')).toHaveValue(join(z.home, 'projects', 'birds-bees.zebra'))
  await shot(page, 'continuity-after-restart')
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
