// The settings screen's channels on a real project with the demo model: a merge resolves the
// current label and re-scores without the merged label, counts fold, a template edit of the
// default set re-scores, labels.rescore runs the job on demand.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../shared/contract'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir: string
let s: Services
function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}
const rescores = async (): Promise<string[]> =>
  (await call('jobs.list', {})).filter((j) => j.kind === 'rescore').map((j) => j.state)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-label-handlers-'))
  s = createServices({
    emit: () => undefined,
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
  const root = join(dir, 'images')
  mkdirSync(root)
  for (const f of ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg', 'square_224x224.png'])
    copyFileSync(join(sampleImagesDir(), f), join(root, f))
  await call('model.useDemo', {})
  await call('project.create', {
    path: join(dir, 'p.zebra'),
    roots: [root],
    labels: ['cat', 'coffee', 'rocket', 'kitty'].map((name) => ({ name }))
  })
  await s.ctx.jobs.idle()
  await call('prelabel.start', {})
  await s.ctx.jobs.idle()
}, 120_000)
afterAll(async () => {
  await s.dispose()
  rmSync(dir, { recursive: true, force: true })
})

it('merge, counts, template edit and rescore on demand', async () => {
  const labels = (await call('project.summary', {}))!.labels
  const id = (n: string): number => labels.find((l) => l.name === n)!.id
  const first = (await call('review.next', { status: 'all' }))!
  await call('review.decide', { imageId: first.image.id, kind: 'corrected', labelId: id('kitty') })
  const before = (await rescores()).length

  const m = await call('labels.merge', { fromId: id('kitty'), intoId: id('cat') })
  expect(m.from).toMatchObject({ name: 'kitty', archived: true, mergedInto: id('cat') })
  await s.ctx.jobs.idle()
  expect(await rescores()).toHaveLength(before + 1)
  expect((await rescores()).at(-1)).toBe('done')
  const item = await call('review.get', { imageId: first.image.id, status: 'all' })
  expect(item.current).toMatchObject({ labelId: id('cat'), label: 'cat', recordedLabel: 'kitty' })
  expect(item.suggestions.map((x) => x.label).sort()).toEqual(['cat', 'coffee', 'rocket'])
  expect((await call('review.history', { imageId: first.image.id })).at(-1)).toMatchObject({ label: 'kitty' })
  const counts = new Map((await call('labels.counts', {})).map((c) => [c.labelId, c]))
  expect(counts.get(id('cat'))).toMatchObject({ decided: 1, recorded: 0 })
  expect(counts.get(id('kitty'))).toMatchObject({ decided: 0, recorded: 1 })
  await expect(call('labels.merge', { fromId: id('cat'), intoId: id('cat') })).rejects.toMatchObject({
    code: 'invalid_input'
  })

  const active = (await call('project.summary', {}))!.activeTemplateSetId!
  // the stored zero-shot top-k (review shows adapted suggestions once decisions exist)
  const stored = (): string =>
    JSON.stringify(s.ctx.project().db.prepare('SELECT topk FROM predictions ORDER BY image_id').pluck().all())
  const probs = stored()
  const t = await call('templates.update', { id: active, templates: ['a blurry photo of a {}.'] })
  expect(t).toEqual({
    id: active,
    name: expect.any(String),
    templates: ['a blurry photo of a {}.'],
    language: null
  })
  await s.ctx.jobs.idle()
  expect(await rescores()).toHaveLength(before + 2)
  expect(stored()).not.toBe(probs)
  await expect(call('templates.update', { id: active, templates: ['no placeholder'] })).rejects.toMatchObject(
    {
      code: 'invalid_input'
    }
  )

  const { jobId } = await call('labels.rescore', {})
  expect(jobId).not.toBeNull()
  expect(await s.ctx.jobs.finished(jobId!)).toMatchObject({ state: 'done' })
}, 120_000)
