// The app in Simplified Chinese, end to end in Chromium against `zebra serve`: the language is
// switched in Settings (and kept as an app setting), then the main screens (start, review, grid,
// compare, the export dialog) are read and photographed. Each must show Chinese, and none may show
// an English sentence of the catalogue: a string that bypassed the catalogue, or a screen that did
// not follow the switch, would show one.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { sampleImages, shot } from './helpers'
import { launchZebra, ROOT, type Zebra } from './launch'

type Tree = { [k: string]: string | Tree }
const leaves = (t: Tree): string[] =>
  Object.values(t).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)))
const catalogue = (lang: string): string[] => {
  const dir = join(ROOT, 'src', 'shared', 'locales', lang)
  return readdirSync(dir).flatMap((f) => leaves(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Tree))
}
// English sentences of the catalogue (two lowercase words, no placeholder) that Chinese does not
// keep as they are (CLIP prompt examples stay English on purpose)
const zh = new Set(catalogue('zh'))
const ENGLISH = catalogue('en').filter(
  (s) => !s.includes('{{') && /\b[a-z]{2,} [a-z]{2,}\b/.test(s) && !zh.has(s) && s.length > 12
)

async function expectChinese(page: Page, where: string): Promise<void> {
  const text = await page.locator('body').innerText()
  expect(/\p{Script=Han}/u.test(text), `${where} shows Chinese`).toBe(true)
  expect(
    ENGLISH.filter((s) => text.includes(s)),
    `${where}: English left`
  ).toEqual([])
}

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

test('switch to Chinese in Settings, then the main screens speak it', async () => {
  z = await launchZebra()
  const { page } = z
  const images = sampleImages(z.home)
  await z.invoke('model.useDemo')
  await z.invoke('project.create', {
    path: join(z.home, 'zh.zebra'),
    roots: [images],
    labels: ['cat', 'coffee', 'rocket', 'motorcycle', 'astronaut'].map((name) => ({ name }))
  })
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)

  await page.goto(z.url)
  expect(ENGLISH.length).toBeGreaterThan(300)
  await page.getByRole('button', { name: 'Settings screen' }).click()
  await page.getByRole('tab', { name: 'Language' }).click()
  await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh')
  // the screen follows at once, and the choice is an app setting
  await expect(page.getByRole('heading', { name: '项目设置' })).toBeVisible()
  await expect(page.getByRole('button', { name: '审核界面' })).toBeVisible()
  expect((await z.invoke<{ language: string }>('app.info')).language).toBe('zh')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await shot(page, 'i18n-zh-settings')

  await page.getByRole('button', { name: '开始界面' }).click()
  await expect(page.getByRole('heading', { name: '新建项目' })).toBeVisible()
  await expectChinese(page, 'start')
  await shot(page, 'i18n-zh-start')

  await page.getByRole('button', { name: '审核界面' }).click()
  await expect(page.getByRole('button', { name: '跳过（按键 S）' })).toBeVisible()
  for (let i = 0; i < 4; i++) {
    await expect(page.getByRole('button', { name: /（按键 1）$/ })).toBeVisible()
    const file = await page.getByTestId('review-file').textContent()
    await page.keyboard.press('1')
    await expect(page.getByTestId('review-file')).not.toHaveText(file ?? '')
  }
  await expectChinese(page, 'review')
  await shot(page, 'i18n-zh-review')

  await page.getByRole('button', { name: '网格界面' }).click()
  await expect(page.getByRole('button', { name: '全选' })).toBeVisible()
  await expectChinese(page, 'grid')
  await shot(page, 'i18n-zh-grid')

  await page.getByRole('button', { name: '对比界面' }).click()
  await expect(page.getByRole('heading', { name: '对比模板' })).toBeVisible()
  await page.getByRole('button', { name: '运行对比' }).click()
  await expect(page.getByRole('heading', { name: '贪心选择' })).toBeVisible({ timeout: 30_000 })
  await expectChinese(page, 'compare')
  await shot(page, 'i18n-zh-compare')

  await page.getByRole('button', { name: '导出标签' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('button', { name: '开始导出' })).toBeVisible()
  await expectChinese(page, 'export dialog')
  await shot(page, 'i18n-zh-export')

  // a reload starts in Chinese: the setting, not the page, holds the choice
  await page.reload()
  await expect(page.getByRole('button', { name: '审核界面' })).toBeVisible()
})
