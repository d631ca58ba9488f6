// `zebra import-labels` through the real launcher from a folder outside the repo: the CSV import
// as before (--csv), then Label Studio out and back in another project over the same photos:
// --dry-run reports and writes nothing, the import writes, usage errors exit 2.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import type { LabelImportSummary } from '../../shared/contract'
import { runZebra, workDir } from './testing/harness'

let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): ReturnType<typeof runZebra> => runZebra(args, { cwd, env })

beforeAll(async () => {
  cwd = workDir('zebra-cli-import-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester' }
  writeFileSync(
    join(cwd, 'truth.csv'),
    'path,label\nphotos/photo_chelsea.jpg,cat\nphotos/photo_coffee.jpg,cup\nphotos/photo_rocket.jpg,rocket\nphotos/none.jpg,cat\n'
  )
  for (const p of ['a.zebra', 'b.zebra']) {
    const r = await zebra('init', p, '--images', 'photos', '--labels', 'cat,rocket', '--scan')
    expect(r.code, r.stderr).toBe(0)
  }
}, 120_000)

describe('zebra import-labels', () => {
  it('--csv keeps its behaviour: labels created, skipped lines named', async () => {
    const r = await zebra('import-labels', 'a.zebra', '--csv', 'truth.csv')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe('3 imported, 1 skipped')
    expect(r.stderr).toMatch(/line 5: not in the project \(scan first\?\): photos\/none\.jpg/)
    // an import records the annotator every other decision records (here ZEBRA_ANNOTATOR), as the app's does
    const db = new Database(join(cwd, 'a.zebra'), { readonly: true })
    try {
      expect(db.prepare('SELECT DISTINCT annotator FROM decisions').pluck().all()).toEqual(['tester'])
    } finally {
      db.close()
    }
  })

  it('Label Studio out of one project, dry run then import into another', async () => {
    let r = await zebra('export', 'a.zebra', '--format', 'labelstudio', '--out', 'ls')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Exported 3 images/)
    expect(r.stdout).toMatch(/<Choices name="label" toName="image"/)
    expect(r.stdout).toMatch(/LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=/)

    r = await zebra(
      'import-labels',
      'b.zebra',
      'ls/tasks.json',
      '--format',
      'labelstudio',
      '--dry-run',
      '--json'
    )
    expect(r.code, r.stderr).toBe(0)
    const dry = JSON.parse(r.stdout) as LabelImportSummary
    expect(dry).toMatchObject({ dryRun: true, matched: 3, wouldImport: 2, imported: 0, skippedUnknown: 1 })
    expect(dry.unknownLabels).toEqual([{ name: 'cup', count: 1 }])

    r = await zebra('import-labels', 'b.zebra', 'ls/tasks.json', '--format', 'labelstudio', '--create-labels')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Imported 3 labels from ls\/tasks\.json \(labelstudio\)/)
    expect(r.stdout).toMatch(/created labels: cup/)

    r = await zebra('export', 'b.zebra', '--format', 'csv', '--out', 'b-csv', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as { perLabel: Record<string, number> }).perLabel).toEqual({
      cat: 1,
      cup: 1,
      rocket: 1
    })
  })

  it('says what is missing: no path, an unknown format, both ways at once', async () => {
    for (const args of [
      ['import-labels', 'b.zebra', '--format', 'labelstudio'],
      ['import-labels', 'b.zebra', 'ls/tasks.json', '--format', 'yaml'],
      ['import-labels', 'b.zebra', 'ls/tasks.json', '--format', 'csv', '--csv', 'truth.csv']
    ]) {
      const r = await zebra(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^zebra: /)
    }
    // a file of another format is bad input too (exit 2), with what it is not
    const r = await zebra('import-labels', 'b.zebra', 'truth.csv', '--format', 'labelstudio')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/truth\.csv is not JSON/)
  })
})
