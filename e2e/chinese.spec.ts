// The Chinese sample project end to end in the Chinese interface, in Chromium against `zebra serve`:
// the interface starts in Chinese through the app's language setting, the start screen opens the
// Chinese sample (labels 红色圆形 … 斑马) and pre-labels it with the demo model, a few images are
// reviewed by keyboard (accepts and a correction typed in Chinese), Compare ranks the English set
// against the Chinese one on those decisions (the Languages table has both rows), Settings switches
// the interface to English and back, and a CSV export names the labels in Chinese. Each screen is
// checked for its Chinese text and photographed (legible with a CJK font installed, e.g. Debian's
// fonts-wqy-microhei or fonts-noto-cjk; without one Chromium draws boxes and the test still passes).
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { currentDecisions, readCsv, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

const LABELS_ZH = ['红色圆形', '蓝色正方形', '绿色十字形', '圆点三角形', '黄色星形', '橙色星形', '斑马']

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

/** the top bar's screen button, by its Chinese name ("审核" → "审核界面") */
const tab = (page: Page, name: string) => page.getByRole('button', { name: `${name}界面` })

test('the Chinese sample in the Chinese interface: pre-label, review, compare languages, export', async () => {
  // five screens, a pre-label run and a comparison on a busy 2-core machine
  test.setTimeout(180_000)
  z = await launchZebra()
  const { page } = z
  // the interface language is an app setting: Chinese from the first screen on
  await z.invoke('app.setLanguage', { language: 'zh' })
  await page.goto(z.url)
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(tab(page, '开始')).toHaveText('开始')
  await expect(tab(page, '审核')).toBeDisabled() // no project yet
  await expect(page.getByRole('heading', { name: '试一试' })).toBeVisible()
  await shot(page, 'zh-01-start')

  // the start screen's Chinese sample: its own file, pre-labelled at once by the demo model
  await page.getByRole('button', { name: '试用中文示例项目' }).click()
  await expect(page.getByRole('button', { name: '导出标签' })).toHaveText('导出…')
  const summary = await z.invoke<{ path: string; labels: { name: string }[]; sample: boolean }>(
    'project.summary'
  )
  expect(summary.sample).toBe(true)
  expect(summary.labels.map((l) => l.name)).toEqual(LABELS_ZH)
  const projectFile = summary.path
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  const counts = async (): Promise<{ prelabeled: number; readable: number }> => {
    const c = (await z.invoke<{ counts: Record<string, number> }>('project.summary')).counts
    return { prelabeled: c.prelabeled!, readable: c.images! - c.unreadable! - c.missing! }
  }
  // every readable image gets its suggestions (the run may not have started when the button answers)
  await expect
    .poll(async () => ((c) => c.prelabeled === c.readable && c.readable > 0)(await counts()), {
      timeout: 60_000
    })
    .toBe(true)
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  const { prelabeled } = await counts()

  await tab(page, '预标注').click()
  await expect(tab(page, '预标注')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('heading', { name: '预标注', level: 1 })).toBeVisible()
  await expect(page.getByTestId('prelabeled-count')).toHaveText(String(prelabeled))
  await expect(page.getByTestId('image-counts')).toContainText('张可读图片已有建议。')
  await shot(page, 'zh-02-prelabel')

  // review by keyboard: 1 accepts the top suggestion (a Chinese label), x + a typed Chinese name
  // corrects
  await tab(page, '审核').click()
  const file = page.getByTestId('review-file')
  await expect(file).toBeVisible()
  const first = page.getByRole('button', { name: /^接受 .+（按键 1）$/ })
  await expect(first).toBeVisible()
  await expect(page.getByTestId('counter-reviewed')).toHaveText(`已审核 0 / ${prelabeled}`)
  await expect
    .poll(() =>
      page.locator('img.main-image').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)
    )
    .toBeGreaterThan(0)
  await shot(page, 'zh-03-review')
  const accepted: string[] = []
  for (let i = 0; i < 3; i++) {
    await expect(first).toBeVisible()
    const rel = (await file.textContent())!
    await page.keyboard.press('1')
    await expect(file).not.toHaveText(rel)
    accepted.push(rel)
  }
  const corrected = (await file.textContent())!
  await page.keyboard.press('x')
  const search = page.getByRole('combobox', { name: '搜索标签' })
  await expect(search).toBeFocused()
  await search.fill('斑马')
  await expect(page.getByRole('listbox', { name: '匹配的标签' }).getByRole('option').first()).toHaveText(
    /斑马/
  )
  await shot(page, 'zh-04-review-correct')
  await page.keyboard.press('Enter')
  await expect(file).not.toHaveText(corrected)
  await expect(page.getByTestId('counter-reviewed')).toHaveText(`已审核 4 / ${prelabeled}`)
  await expect.poll(() => currentDecisions(projectFile).length).toBe(4)
  const decided = currentDecisions(projectFile)
  expect(decided.find((d) => d.relPath === corrected)).toMatchObject({ kind: 'corrected', label: '斑马' })
  for (const rel of accepted) {
    const d = decided.find((x) => x.relPath === rel)
    expect(d?.kind, rel).toBe('accepted')
    expect(LABELS_ZH).toContain(d?.label)
  }

  // Compare: the Chinese set (the default, 中文) and the English one, each filled with the labels'
  // names in its language, ranked on the same four decisions
  await tab(page, '对比').click()
  await expect(tab(page, '对比')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('heading', { name: '对比模板', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: '运行对比' }).click()
  const languages = page.getByRole('region', { name: '语言' })
  await expect(languages).toBeVisible({ timeout: 60_000 })
  const rows = languages.getByRole('rowheader')
  await expect(rows).toHaveCount(2)
  await expect(languages.getByRole('columnheader', { name: '最佳模板集' })).toBeVisible()
  await expect(languages.getByRole('rowheader', { name: '中文 (zh)' })).toBeVisible()
  await expect(languages.getByRole('rowheader', { name: 'English (en)' })).toBeVisible()
  await expect(languages.getByRole('row', { name: /中文 \(zh\)/ })).toContainText('中文')
  await expect(languages.getByRole('row', { name: /English \(en\)/ })).toContainText('English')
  await languages.scrollIntoViewIfNeeded()
  await shot(page, 'zh-05-compare-languages')

  // Settings → 标签: each Chinese label carries its English name, which the English set uses
  await tab(page, '设置').click()
  await expect(page.getByRole('heading', { name: '项目设置', level: 1 })).toBeVisible()
  await page.getByRole('tab', { name: '标签' }).click()
  const other = page.getByLabel('其他语言中的名称')
  await expect(other).toHaveCount(LABELS_ZH.length)
  await expect(other.filter({ hasText: 'en: zebra' })).toHaveCount(1)
  await shot(page, 'zh-06-settings-labels')

  // Settings → 语言: the select shows Chinese; English switches the screen at once, and back
  await page.getByRole('tab', { name: '语言' }).click()
  const language = page.getByRole('combobox', { name: '界面语言' })
  await expect(language).toHaveValue('zh')
  await shot(page, 'zh-07-settings-language')
  await language.selectOption('en')
  await expect(page.getByRole('button', { name: 'Review screen' })).toHaveText('Review')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh')
  await expect(tab(page, '审核')).toHaveText('审核')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')

  // export CSV: the labels as reviewed, in Chinese
  const outDir = join(z.home, 'export')
  await page.getByRole('button', { name: '导出标签' }).click()
  const dialog = page.getByTestId('export-dialog')
  await dialog.getByLabel('导出格式').selectOption('csv')
  await dialog.getByRole('textbox', { name: '输出文件夹' }).fill(outDir)
  await dialog.getByRole('button', { name: '开始导出' }).click()
  await expect(dialog.getByTestId('export-result')).toContainText(`4 张图片已导出到 ${outDir}`)
  await shot(page, 'zh-08-export')
  const csv = readCsv(join(outDir, 'labels.csv'))
  expect(csv.map((r) => [r.rel_path, r.decision, r.label]).sort()).toEqual(
    decided.map((d) => [d.relPath, d.kind, d.label]).sort()
  )
  expect(csv.every((r) => LABELS_ZH.includes(r.label!))).toBe(true)
})
