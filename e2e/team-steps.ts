// What a team member does in the review screen, for team.spec.ts: decide a whole queue with one key,
// and read the team pill's tooltip (who decided how many).
import { expect, type Page } from '@playwright/test'

/**
 * Decides every image of the queue on screen by pressing the key of suggestion `rank` (accept
 * that label) until the queue is empty; returns each image's path and the label it got. No image
 * of a member's queue may show a label already given (another annotator's, pulled with overlap).
 */
export async function decideQueue(page: Page, rank: number): Promise<Map<string, string>> {
  const decided = new Map<string, string>()
  const file = page.getByTestId('review-file')
  const empty = page.getByTestId('review-empty')
  for (;;) {
    await expect(file.or(empty)).toBeVisible()
    if (await empty.isVisible()) return decided
    const rel = (await file.getAttribute('title'))!
    if (decided.has(rel)) throw new Error(`${rel} came back after it was decided`)
    await expect(page.getByTestId('current-decision')).toBeHidden()
    const name = await page
      .getByRole('button', { name: new RegExp(`\\(key ${rank}\\)$`) })
      .getAttribute('aria-label')
    const label = /^Accept (.*), [\d.]+% \(key \d\)$/.exec(name!)![1]!
    await page.keyboard.press(String(rank))
    decided.set(rel, label)
    // the next image, or the end of the queue
    await expect(page.locator(`[data-testid="review-file"]:not([title="${rel}"])`).or(empty)).toBeVisible()
  }
}

/** The team pill's tooltip: the member, the leases, everyone's counts. */
export async function pillTitle(page: Page): Promise<string> {
  return (await page.getByTestId('team-status').getAttribute('title')) ?? ''
}
