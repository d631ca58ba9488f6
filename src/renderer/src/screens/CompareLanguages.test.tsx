// The compare screen's languages table: each language's best set, best first, the greedy
// selection (no language's own) left out, and nothing when every set is in one language.
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { EnsembleScore } from '../../../shared/report'
import { LanguagesTable } from './CompareLanguages'

afterEach(cleanup)

const ens = (name: string, top1: number, language?: string): EnsembleScore => ({
  name,
  templates: ['t {}'],
  descriptions: false,
  top1,
  top5: 1,
  meanPerClass: top1,
  ece: 0.1,
  ...(language ? { language } : {})
})

it('ranks each language’s best set', () => {
  render(
    <LanguagesTable
      ensembles={[
        ens('ImageNet 7', 0.6),
        ens('中文', 0.7, 'zh'),
        ens('中文 + descriptions', 0.8, 'zh'),
        ens('日本語', 0.5, 'ja'),
        ens('greedy selection', 0.95)
      ]}
    />
  )
  const rows = within(screen.getByRole('region', { name: 'Languages' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th,td')].slice(0, 3).map((c) => c.textContent))
  expect(rows).toEqual([
    ['中文 (zh)', '中文 + descriptions', '80.0%'],
    ['The labels’ own names', 'ImageNet 7', '60.0%'],
    ['日本語 (ja)', '日本語', '50.0%']
  ])
})

it('is not shown when every set is in one language', () => {
  render(<LanguagesTable ensembles={[ens('a', 0.5), ens('b', 0.6)]} />)
  expect(screen.queryByRole('region', { name: 'Languages' })).toBeNull()
})
