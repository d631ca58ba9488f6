// The export dialog over export.run: a tags project is offered only the formats that hold several
// labels per image and "partly decided images" instead of accepted/corrected, and what it sends
// passes the contract's schema; a single-label project's dialog is as it was.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import {
  TAG_EXPORT_FORMATS,
  type ExportResult,
  type Handlers,
  type InvokeParsed
} from '../../../shared/contract'
import { renderScreen } from '../testing/review-store'
import { ExportDialog } from './ExportDialog'

afterEach(cleanup)

/** export.saved (nothing saved yet) and export.run, which keeps what it was asked */
function exportStore() {
  const runs: InvokeParsed<'export.run'>[] = []
  const handlers = {
    'export.saved': async () => null,
    'export.run': async (input: InvokeParsed<'export.run'>): Promise<ExportResult> => {
      runs.push(input)
      return {
        outDir: input.outDir,
        files: [`${input.outDir}/labels.csv`],
        total: 3,
        perLabel: { a: 2, b: 1 },
        perSplit: {},
        leftOut: { missing: 0, unreadable: 0, notCopied: 0 }
      }
    }
  } as unknown as Handlers
  return { handlers, runs }
}

const formatValues = (): string[] =>
  within(screen.getByRole('combobox', { name: 'Export format' }))
    .getAllByRole('option')
    .map((o) => (o as HTMLOptionElement).value)

it('a tags project: tag formats only, partly decided images when asked', async () => {
  const store = exportStore()
  renderScreen(store, [], <ExportDialog onClose={() => undefined} />, {
    project: { kind: 'tags', labels: [], path: '/p/tags.zebra' }
  })
  expect([...formatValues()].sort()).toEqual([...TAG_EXPORT_FORMATS].sort())
  expect(screen.queryByRole('checkbox', { name: 'Include accepted' })).toBeNull()
  fireEvent.click(screen.getByRole('checkbox', { name: 'Include partly decided images' }))
  fireEvent.click(screen.getByRole('button', { name: 'Run export' }))
  await waitFor(() => expect(store.runs).toHaveLength(1))
  expect(store.runs[0]).toMatchObject({ format: 'csv', outDir: '/p/tags-export', includePartial: true })
  await waitFor(() => expect(screen.getByTestId('export-result').textContent).toContain('3 images exported'))
})

it('a single-label project: every format, accepted/corrected, no partial option', async () => {
  const store = exportStore()
  renderScreen(store, [], <ExportDialog onClose={() => undefined} />, {
    project: { labels: [], path: '/p/single.zebra' }
  })
  expect(formatValues()).toContain('imagefolder')
  expect(formatValues()).toContain('yolo-cls')
  expect(screen.queryByRole('checkbox', { name: 'Include partly decided images' })).toBeNull()
  fireEvent.click(screen.getByRole('button', { name: 'Run export' }))
  await waitFor(() => expect(store.runs).toHaveLength(1))
  expect(store.runs[0]).not.toHaveProperty('includePartial')
  expect(store.runs[0]!.include).toEqual(['accepted', 'corrected'])
})
