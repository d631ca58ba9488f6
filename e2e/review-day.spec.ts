// A review day on real files against `zebra serve`: a skipped image comes back at the end of the
// unreviewed queue (the log keeps every decision), and the stage zooms and pans with the pixel size
// shown, a 31x17 image at 1:1 rather than blown up; the keys keep working after a filter change.
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { currentDecisions, decisionLog, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

async function projectOf(files?: string[]): Promise<string> {
  const images = sampleImages(z.home, files)
  const projectFile = join(z.home, 'day.zebra')
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: projectFile,
    roots: [images],
    labels: ['cat', 'coffee', 'rocket', 'gradient'].map((name) => ({ name }))
  })
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0) // project.create scans first
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  return projectFile
}

async function openReview(page: Page): Promise<void> {
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Review screen' }).click()
  await expect(page.getByTestId('review-file')).toBeVisible()
}

test('skip returns the image later, at the end of the unreviewed queue', async () => {
  z = await launchZebra()
  const { page } = z
  const projectFile = await projectOf([
    'gray_257x129.png',
    'photo_coffee.jpg',
    'photo_rocket.jpg',
    'tiny_31x17.png'
  ])
  await openReview(page)
  const file = page.getByTestId('review-file')
  const accept = page.getByRole('button', { name: /\(key 1\)$/ })

  await expect(file).toHaveText('gray_257x129.png')
  await page.keyboard.press('s')
  await expect(file).toHaveText('photo_coffee.jpg')
  await expect(page.getByText(/in this queue$/)).toHaveText('1 of 4 in this queue')
  await page.keyboard.press('s')
  await expect(file).toHaveText('photo_rocket.jpg')
  await expect(accept).toBeVisible()
  await page.keyboard.press('1')
  await expect(file).toHaveText('tiny_31x17.png')
  await expect(accept).toBeVisible()
  await page.keyboard.press('1')
  // every unreviewed image is done: the skipped ones come back, first skipped first
  await expect(file).toHaveText('gray_257x129.png')
  await expect(page.getByTestId('current-decision')).toContainText('skipped')
  // exact counters: two skipped images are all that is left
  await expect(page.getByText(/in this queue$/)).toHaveText('1 of 2 in this queue')
  await shot(page, 'review-day-01-skipped-comes-back')
  await expect(accept).toBeVisible()
  await page.keyboard.press('1')
  await expect(file).toHaveText('photo_coffee.jpg')
  await expect(accept).toBeVisible()
  await page.keyboard.press('1')
  await expect(page.getByTestId('review-empty')).toBeVisible()

  // the same queue through the service the CLI shares: nothing unreviewed left
  expect(await z.invoke('review.next', { order: 'file', status: 'unreviewed' })).toBeNull()
  // the log is append-only: the two skips stay, the accepts follow them
  await expect
    .poll(() => currentDecisions(projectFile).map((r) => r.kind))
    .toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
  expect(decisionLog(projectFile)).toEqual([
    { kind: 'skipped', relPath: 'gray_257x129.png' },
    { kind: 'skipped', relPath: 'photo_coffee.jpg' },
    { kind: 'accepted', relPath: 'photo_rocket.jpg' },
    { kind: 'accepted', relPath: 'tiny_31x17.png' },
    { kind: 'accepted', relPath: 'gray_257x129.png' },
    { kind: 'accepted', relPath: 'photo_coffee.jpg' }
  ])
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})

test('a burst of keys: every key press lands, in order, one request each', async () => {
  z = await launchZebra()
  const { page } = z
  const projectFile = await projectOf()
  await openReview(page)
  const file = page.getByTestId('review-file')
  await expect(page.getByTestId('counter-reviewed')).toHaveText('0 / 13 reviewed')
  // the queue as the server walks it, before any key
  const ids = await z.invoke<number[]>('review.queue', { order: 'file', status: 'unreviewed', limit: 13 })
  const order: string[] = []
  for (const imageId of ids)
    order.push((await z.invoke<{ image: { relPath: string } }>('review.get', { imageId })).image.relPath)
  await expect(file).toHaveText(order[0]!)

  const invokes: string[] = []
  page.on('request', (r) => {
    const m = /\/api\/invoke\/([\w.]+)/.exec(r.url())
    if (m) invokes.push(m[1]!)
  })
  // ten keys as fast as the keyboard sends them, without waiting for the screen
  for (let i = 0; i < 10; i++) await page.keyboard.press(String((i % 3) + 1))
  await expect.poll(() => decisionLog(projectFile).length).toBe(10)
  await expect(page.getByTestId('counter-reviewed')).toHaveText('10 / 13 reviewed')
  await expect(file).toHaveText(order[10]!)
  expect(decisionLog(projectFile)).toEqual(
    order.slice(0, 10).map((relPath) => ({ kind: 'accepted', relPath }))
  )
  expect(invokes).toEqual(Array.from({ length: 10 }, () => 'review.decide'))
  await shot(page, 'review-day-00-burst')
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})

test('zoom: a tiny image enlarged to fit and at 1:1 with its size, wheel and keys zoom, pan, fit; keys after a filter change', async () => {
  z = await launchZebra()
  const { page } = z
  await projectOf(['tiny_31x17.png', 'wide_1000x100.webp'])
  await openReview(page)
  const file = page.getByTestId('review-file')
  const size = page.getByTestId('pixel-size')
  const level = page.getByTestId('zoom-level')
  const img = page.locator('img.main-image')
  const width = async (): Promise<number> => (await img.boundingBox())?.width ?? 0

  await expect(file).toHaveText('tiny_31x17.png')
  await expect(size).toHaveText('31 × 17 px')
  // fit fills the stage: the 31x17 image is enlarged (8x at most), 1:1 shows its own 31 pixels
  await expect(level).toHaveText('800% (fit)')
  await expect.poll(width).toBe(248)
  await shot(page, 'review-day-02-tiny-fit')
  await page.keyboard.press('o')
  await expect(level).toHaveText('100%')
  await expect.poll(width).toBe(31)
  await shot(page, 'review-day-02b-tiny-at-1to1')

  await page.keyboard.press('+')
  await expect(level).toHaveText('125%')
  await page.mouse.move(300, 400)
  await page.mouse.wheel(0, -100)
  await expect(level).toHaveText('156%')
  await expect.poll(width).toBeGreaterThan(45)
  await page.keyboard.press('-')
  await expect(level).toHaveText('125%')
  await page.keyboard.press('o')
  await expect(level).toHaveText('100%')

  // a filter change hands the keys back to the stage
  await page.getByLabel('Status filter').selectOption('all')
  await expect(file).toHaveText('tiny_31x17.png')
  // the queue loads again, and its image starts at fit like every image shown
  await expect(level).toHaveText('800% (fit)')
  await page.keyboard.press('+')
  await expect(level).toHaveText('1000%')
  await shot(page, 'review-day-03-zoomed')

  // a wide image fits the stage (shrunk), 1:1 shows it at its own size and pans
  await page.keyboard.press('ArrowRight')
  await expect(file).toHaveText('wide_1000x100.webp')
  await expect(size).toHaveText('1000 × 100 px')
  await expect(level).toHaveText(/^\d+% \(fit\)$/)
  await expect.poll(width).toBeLessThan(1000)
  await page.keyboard.press('o')
  await expect.poll(width).toBe(1000)
  const x0 = (await img.boundingBox())!.x
  await page.keyboard.press('Shift+ArrowLeft')
  await expect.poll(async () => (await img.boundingBox())!.x).toBeGreaterThan(x0)
  await shot(page, 'review-day-04-wide-1to1-panned')
  await page.keyboard.press('f')
  await expect(level).toHaveText(/\(fit\)$/)
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})
