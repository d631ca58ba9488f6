// A Playwright reporter beside 'list': after the summary's "N skipped" it prints each skipped test
// with the reason its test.skip gave, so a skip is never a bare count in the CI log.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

export default class SkipReasons implements Reporter {
  private readonly skipped: string[] = []

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return
    const why = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given'
    this.skipped.push(`  skipped: ${test.titlePath().filter(Boolean).join(' › ')}: ${why}`)
  }

  onEnd(): void {
    if (this.skipped.length) process.stdout.write(`${this.skipped.join('\n')}\n`)
  }

  printsToStdio(): boolean {
    return true
  }
}
