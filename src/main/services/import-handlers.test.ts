// labels.import as the transports call it (input parsed with the contract's schema): a dry run by
// default, then the import with an event; a CSV must look like labels before its cells come back.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type EventChannel,
  type EventMap,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput
} from '../../shared/contract'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir: string
let s: Services
const events: { ch: EventChannel; payload: unknown }[] = []

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-import-svc-'))
  s = createServices({
    emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => events.push({ ch, payload }),
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
  const root = join(dir, 'images')
  mkdirSync(root)
  for (const f of ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg'])
    copyFileSync(join(sampleImagesDir(), f), join(root, f))
  await call('project.create', { path: join(dir, 'p.zebra'), roots: [root], labels: [{ name: 'cat' }] })
  await s.ctx.jobs.idle()
}, 120_000)
afterAll(async () => {
  await s.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('labels.import', () => {
  it('dry run by default, then writes; Label Studio out and back changes nothing', async () => {
    const csv = join(dir, 'labels.csv')
    writeFileSync(csv, 'path,label\nphoto_chelsea.jpg,cat\nphoto_coffee.jpg,cup\nmissing.jpg,cat\n')
    events.length = 0
    const dry = await call('labels.import', { format: 'csv', path: csv })
    expect(dry).toMatchObject({ dryRun: true, matched: 2, wouldImport: 1, imported: 0, skippedUnknown: 1 })
    expect(dry.unmatched).toEqual([
      { ref: 'line 4: missing.jpg', reason: 'not in the project (scan first?)' }
    ])
    expect(events.some((e) => e.ch === 'project.changed')).toBe(false)

    const done = await call('labels.import', { format: 'csv', path: csv, dryRun: false, createLabels: true })
    expect(done).toMatchObject({ imported: 2, createdLabels: ['cup'] })
    const reasons = events
      .filter((e) => e.ch === 'project.changed')
      .map((e) => (e.payload as { reason: string }).reason)
    expect(reasons).toEqual(['labels', 'decision'])
    expect((await call('review.stats', {})).byKind.corrected).toBe(2)

    const out = join(dir, 'ls')
    const r = await call('export.run', { format: 'labelstudio', outDir: out })
    expect(r.labelConfig).toMatch(/<Choice value="cup"\/>/)
    const back = await call('labels.import', {
      format: 'labelstudio',
      path: join(out, 'tasks.json'),
      dryRun: false
    })
    expect(back).toMatchObject({ matched: 2, unchanged: 2, imported: 0 })
  })

  it('records the annotator set in the app (app.setAnnotator), not the OS user', async () => {
    const info = await call('app.setAnnotator', { annotator: '  Ada  ' })
    expect(info.annotator).toBe('Ada')
    const csv = join(dir, 'rocket.csv')
    writeFileSync(csv, 'path,label\nphoto_rocket.jpg,cat\n')
    expect(await call('labels.import', { format: 'csv', path: csv, dryRun: false })).toMatchObject({
      imported: 1
    })
    const row = s.ctx
      .project()
      .db.prepare(
        `SELECT d.annotator FROM decisions d JOIN images i ON i.id = d.image_id
         WHERE i.rel_path = 'photo_rocket.jpg' ORDER BY d.id DESC LIMIT 1`
      )
      .get() as { annotator: string }
    expect(row.annotator).toBe('Ada')
    // kept in the data folder's settings file, which app.info reads back
    expect((await call('app.info', {})).annotator).toBe('Ada')
  })

  it('refuses a CSV without a path,label header, and an unknown format at the schema', async () => {
    const plain = join(dir, 'plain.csv')
    writeFileSync(plain, 'root:x:0:0:root:/root:/bin/bash\n')
    await expect(call('labels.import', { format: 'csv', path: plain })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/path and label columns/)
    })
    expect(() => invokeSchemas['labels.import'].parse({ format: 'yaml', path: plain })).toThrow()
  })
})
