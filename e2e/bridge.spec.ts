// The bridge's guards seen from outside, and a broken image in the middle of a review.
import { copyFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { brokenImage, currentDecisions, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

function rawGet(port: number, path: string, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume()
      ok(res.statusCode ?? 0)
    })
    req.on('error', fail)
    req.end()
  })
}

test('the bridge refuses requests without the token', async () => {
  z = await launchZebra()
  const port = Number(new URL(z.origin).port)
  const noToken = await fetch(`${z.origin}/api/invoke/app.info`, { method: 'POST', body: '{}' })
  expect(noToken.status).toBe(401)
  expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
  const wrong = await fetch(`${z.origin}/api/invoke/projects.recent`, {
    method: 'POST',
    headers: { 'x-zebra-token': 'guess' },
    body: '{}'
  })
  expect(wrong.status).toBe(401)
  expect((await fetch(`${z.origin}/api/events`)).status).toBe(401)
  expect((await fetch(`${z.origin}/api/image/1`)).status).toBe(401)
  // DNS rebinding: a page on another name that resolves to 127.0.0.1 is turned away
  expect(await rawGet(port, '/', `attacker.example:${port}`)).toBe(403)
  // with the token it works, and the page says it is in test mode
  const info = await z.invoke<{ transport: string; testMode: boolean }>('app.info')
  expect(info).toMatchObject({ transport: 'browser', testMode: true })

  // the page opened without its token explains what to do and calls nothing
  const fresh = await z.browser.newPage()
  const refused: number[] = []
  fresh.on('response', (r) => r.url().includes('/api/') && refused.push(r.status()))
  await fresh.goto(z.origin + '/')
  await expect(fresh.getByRole('alert')).toContainText('access token')
  expect(refused).toEqual([])
  // CSP: no remote origin allowed
  const res = await fetch(z.origin + '/')
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
  expect(res.headers.get('content-security-policy')).not.toMatch(/https?:/)
})

test('a broken image shows an error tile and review goes on', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home, ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg'])
  // a text file named x.jpg from the start: pre-label lists it and review never stalls on it
  brokenImage(images, 'x.jpg')
  // and an image that breaks after pre-labelling (a sync client truncated it)
  copyFileSync(join(images, 'photo_chelsea.jpg'), join(images, 'a_later_broken.jpg'))
  const projectFile = join(z.home, 'broken.zebra')

  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: projectFile,
    roots: [images],
    labels: [{ name: 'cat' }, { name: 'cup' }, { name: 'rocket' }]
  })
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Pre-label screen' }).click()
  await page.getByRole('button', { name: /Start pre-labelling|Resume pre-labelling/ }).click()
  await expect(page.getByTestId('progress-prelabel')).toContainText('done', { timeout: 60_000 })
  await expect(page.getByRole('heading', { name: /could not be read/ })).toBeVisible()
  await expect(page.getByText('x.jpg', { exact: false }).first()).toBeVisible()
  await shot(page, '10-prelabel-errors')

  writeFileSync(join(images, 'a_later_broken.jpg'), 'truncated')
  await page.getByRole('button', { name: 'Go to review' }).click()
  await expect(page.getByTestId('review-file')).toHaveText('a_later_broken.jpg')
  const tile = page.getByTestId('error-tile')
  await expect(tile).toBeVisible()
  await expect(tile).not.toContainText('loading…')
  await shot(page, '11-review-broken-image')

  // review goes on: the broken one can be skipped, the next one shows and is accepted with one key
  await page.keyboard.press('s')
  await expect(page.getByTestId('review-file')).toHaveText('photo_chelsea.jpg')
  await expect(page.locator('img.main-image')).toBeVisible()
  await expect
    .poll(() =>
      page.locator('img.main-image').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)
    )
    .toBeGreaterThan(0)
  await page.keyboard.press('1')
  await expect(page.getByTestId('review-file')).toHaveText('photo_coffee.jpg')
  await expect
    .poll(() => currentDecisions(projectFile).map((r) => [r.relPath, r.kind]))
    .toEqual([
      ['a_later_broken.jpg', 'skipped'],
      ['photo_chelsea.jpg', 'accepted']
    ])
})

test('first run offline: "Try the sample project" opens the demo model and the sample images', async () => {
  z = await launchZebra()
  const { page } = z
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Try the sample project' }).click()
  await expect(page.getByRole('heading', { name: 'Pre-label' })).toBeVisible()
  await expect(page.getByText('sample', { exact: true })).toBeVisible()
  await expect(page.getByText('demo model', { exact: true })).toBeVisible()
  // nobody clicks Start: the tiny sample is pre-labelled as it opens
  await expect(page.getByTestId('progress-prelabel')).toContainText('done', { timeout: 60_000 })
  await expect(page.getByTestId('prelabeled-count')).toHaveText(
    (await page.getByTestId('readable-count').textContent())!
  )
  await page.getByRole('button', { name: 'Go to review' }).click()
  await expect(page.getByRole('button', { name: /\(key 1\)$/ })).toBeVisible()
  await expect(page.getByTestId('demo-note')).toContainText('only knows')
  await expect
    .poll(() =>
      page.locator('img.main-image').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)
    )
    .toBeGreaterThan(0)
  await shot(page, '13-sample-project-review')
})
