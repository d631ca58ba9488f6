// The compare screen end to end in Chromium against `zebra serve`: sample images pre-labelled with
// the demo model, a few reviewed with the keyboard, then the comparison report, the learning curve
// and "make default" read from the screen (light and dark); the report is still there after
// leaving the screen.
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { currentDecisions, sampleImages, shot } from './helpers'
import { launchZebra, type Zebra } from './launch'

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

for (const scheme of ['light', 'dark'] as const) {
  test(`review a few images, then compare templates (${scheme})`, async () => {
    z = await launchZebra({ colorScheme: scheme })
    const { page } = z
    const images = sampleImages(z.home)
    const projectFile = join(z.home, 'compare.zebra')
    await z.invoke('model.useDemo')
    await z.invoke('project.create', {
      path: projectFile,
      roots: [images],
      labels: ['cat', 'coffee', 'rocket', 'motorcycle', 'astronaut'].map((name) => ({ name }))
    })
    const running = async (): Promise<number> =>
      (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
    await expect.poll(running, { timeout: 60_000 }).toBe(0) // project.create scans first
    await z.invoke('prelabel.start', {})
    await expect.poll(running, { timeout: 60_000 }).toBe(0)

    await page.goto(z.url)
    await page.getByRole('button', { name: 'Review screen' }).click()
    await expect(page.getByTestId('counter-reviewed')).toHaveText('0 / 13 reviewed')
    for (let i = 0; i < 4; i++) {
      await expect(page.getByRole('button', { name: /\(key 1\)$/ })).toBeVisible()
      const file = await page.getByTestId('review-file').textContent()
      await page.keyboard.press('1')
      await expect(page.getByTestId('review-file')).not.toHaveText(file ?? '')
    }
    await expect.poll(() => currentDecisions(projectFile).length).toBe(4)

    await page.getByRole('button', { name: 'Compare screen' }).click()
    await expect(page.getByRole('heading', { name: 'Compare templates' })).toBeVisible()
    await page.getByRole('button', { name: 'Run comparison' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'reviewed images' })).toContainText(
      'on 4 reviewed images'
    )
    const ranked = page.getByRole('region', { name: 'Templates ranked by top-1' })
    await expect(ranked.getByRole('row')).toHaveCount(8) // header + the 7 default templates
    await expect(page.getByRole('region', { name: /Per class/ }).getByRole('rowheader')).toHaveCount(5)
    await expect(page.getByRole('heading', { name: 'Greedy selection' })).toBeVisible()
    // 4 reviewed images say nothing about a threshold: none is suggested, and the screen says why
    await expect(page.getByTestId('threshold-verdict')).toContainText('Too few reviewed images (4)')
    await shot(page, `20-compare-${scheme}`)
    await page.getByRole('region', { name: 'Ensembles vs the best single template' }).scrollIntoViewIfNeeded()
    await shot(page, `21-compare-ensembles-${scheme}`)
    await page.getByRole('button', { name: 'Show learning curve' }).click()
    await expect(page.getByRole('table', { name: 'Learning curve' })).toBeVisible()
    await shot(page, `22-compare-curve-${scheme}`)

    await page.getByRole('button', { name: 'Make the greedy selection the default and re-score' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'default' })).toContainText(
      '"Greedy selection" is now'
    )
    const summary = await z.invoke<{
      activeTemplateSetId: number
      templateSets: { id: number; name: string }[]
    }>('project.summary')
    expect(summary.templateSets.find((s) => s.id === summary.activeTemplateSetId)?.name).toBe(
      'Greedy selection'
    )

    // leaving the screen loses nothing: the last report comes back from the project file
    await page.getByRole('button', { name: 'Review screen' }).click()
    await page.getByRole('button', { name: 'Compare screen' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Last comparison' })).toContainText(
      'on 4 reviewed images'
    )
    await expect(ranked.getByRole('row')).toHaveCount(8)
  })
}
