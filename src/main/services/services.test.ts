// The services behind every channel, called directly as the transports call them (inputs parsed
// with the contract's schemas), on real project files, real images and the demo model.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type EventChannel,
  type EventMap,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type JobProgress
} from '../../shared/contract'
import { SAMPLE_TAGS } from '../demo-world/sample-tags'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir: string
let s: Services
const events: { ch: EventChannel; payload: unknown }[] = []

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

// Await the jobs themselves: no polling, no sleeps.
function waitJob(jobId: string): Promise<JobProgress> {
  return s.ctx.jobs.finished(jobId)
}

function idle(): Promise<void> {
  return s.ctx.jobs.idle()
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-services-'))
  s = createServices({
    emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => events.push({ ch, payload }),
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
})
afterAll(async () => {
  await s.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('services', () => {
  it('implements every channel of the contract', () => {
    for (const ch of Object.keys(invokeSchemas))
      expect(typeof s.handlers[ch as InvokeChannel], ch).toBe('function')
  })

  it('app info, annotator, folder listing, presets', async () => {
    const info = await call('app.info', {})
    expect(info).toMatchObject({ transport: 'browser', testMode: true, dataDir: join(dir, 'home') })
    expect((await call('app.setAnnotator', { annotator: 'Zoë' })).annotator).toBe('Zoë')
    expect(info.language).toBe('system')
    expect((await call('app.setLanguage', { language: 'zh' })).language).toBe('zh')
    expect((await call('app.info', {})).language).toBe('zh')
    await call('app.setLanguage', { language: 'system' })
    mkdirSync(join(dir, 'pick', 'sub'), { recursive: true })
    writeFileSync(join(dir, 'pick', 'a.jpg'), 'x')
    writeFileSync(join(dir, 'pick', 'notes.txt'), 'x')
    const ls = await call('fs.list', { path: join(dir, 'pick') })
    expect(ls.entries.map((e) => [e.name, e.isDir])).toEqual([
      ['sub', true],
      ['a.jpg', false]
    ])
    expect(ls.parent).toBe(dir)
    await expect(call('fs.list', { path: join(dir, 'nope') })).rejects.toMatchObject({ code: 'not_found' })
    expect((await call('presets.list', {})).some((p) => p.name === 'CIFAR10')).toBe(true)
    expect((await call('presets.get', { name: 'cifar10' })).classes).toHaveLength(10)
  })

  it('calls that need a project or a model say so', async () => {
    await expect(call('review.next', {})).rejects.toMatchObject({ code: 'no_project' })
    expect(await call('project.summary', {})).toBeNull()
    expect((await call('model.status', {})).loaded).toBe(false)
    await expect(s.resolveImage(1, true)).rejects.toMatchObject({ code: 'no_project' })
  })

  it('create -> scan -> prelabel -> review -> undo/redo -> grid -> bulk -> export, with events', async () => {
    const root = join(dir, 'images ü')
    mkdirSync(root)
    for (const f of [
      'photo_chelsea.jpg',
      'photo_coffee.jpg',
      'photo_rocket.jpg',
      'square_224x224.png',
      'wide_1000x100.webp',
      'exif_orientation6_320x200.jpg'
    ])
      copyFileSync(join(sampleImagesDir(), f), join(root, f))
    writeFileSync(join(root, 'broken.png'), 'not a png')
    const m = await call('model.useDemo', {})
    expect(m).toMatchObject({ loaded: true, demo: true, embedDim: 32 })
    const created = await call('project.create', {
      path: join(dir, 'proj ✓.zebra'),
      roots: [root],
      labels: [{ name: 'cat' }, { name: 'coffee' }, { name: 'rocket', descriptions: ['tall and white'] }]
    })
    expect(created.labels).toHaveLength(3)
    expect(created.activeTemplateSetId).not.toBeNull()
    await idle()
    expect((await call('project.summary', {}))!.counts).toMatchObject({ images: 7, unreadable: 1 })
    expect((await call('projects.recent', {}))[0]).toMatchObject({
      path: join(dir, 'proj ✓.zebra'),
      exists: true
    })

    const { jobId } = await call('prelabel.start', { batch: 2 })
    const job = await waitJob(jobId)
    expect(job).toMatchObject({ state: 'done', kind: 'prelabel', done: 6, total: 6 })
    // each job names the project it ran on: a screen shows only the open project's runs
    expect(new Set((await call('jobs.list', {})).map((j) => j.project))).toEqual(new Set([created.path]))
    await idle()
    const progress = events.filter((e) => e.ch === 'job.progress').map((e) => e.payload as JobProgress)
    expect(progress.some((p) => p.jobId === jobId && p.state === 'running')).toBe(true)
    expect(
      events.some(
        (e) => e.ch === 'project.changed' && (e.payload as { reason: string }).reason === 'prelabel'
      )
    ).toBe(true)

    const first = (await call('review.next', { order: 'lowest_confidence' }))!
    expect(first.position).toBe(1)
    expect(first.total).toBe(6)
    expect(first.suggestions).toHaveLength(3)
    const second = (await call('review.next', { order: 'lowest_confidence', from: first.image.id }))!
    expect(second.position).toBe(2)
    // one round trip: the decision, the queue's next items and the counters
    const decided = await call('review.decide', {
      imageId: first.image.id,
      kind: 'accepted',
      rank: 2,
      then: { query: { order: 'lowest_confidence', status: 'unreviewed' }, ahead: 2 }
    })
    expect(decided.next.map((i) => i.image.id)[0]).toBe(second.image.id)
    expect(decided.next).toHaveLength(2)
    expect(decided.next[0]).toMatchObject({ position: 1, total: 5 })
    expect(decided.stats.reviewed).toBe(1)
    expect(decided.item.current).toMatchObject({
      kind: 'accepted',
      labelId: first.suggestions[1]!.labelId,
      annotator: 'Zoë'
    })
    // the decided image left the unreviewed queue
    expect((await call('review.next', { order: 'lowest_confidence' }))!.image.id).toBe(second.image.id)
    expect((await call('review.stats', {})).reviewed).toBe(1)
    const undone = await call('review.undo', { query: { order: 'lowest_confidence', status: 'unreviewed' } })
    expect(undone).toMatchObject({
      imageId: first.image.id,
      item: { image: { id: first.image.id }, position: 1 }
    })
    expect(undone.stats.reviewed).toBe(0)
    expect((await call('review.stats', {})).reviewed).toBe(0)
    const redone = await call('review.redo', { query: { order: 'lowest_confidence', status: 'unreviewed' } })
    expect(redone).toMatchObject({ imageId: first.image.id, item: { image: { id: second.image.id } } })
    expect(redone.stats.reviewed).toBe(1)
    expect((await call('review.history', { imageId: first.image.id })).map((d) => d.kind)).toEqual([
      'accepted',
      'revert',
      'accepted'
    ])
    const got = await call('review.get', { imageId: second.image.id, status: 'all' })
    expect(got.image.id).toBe(second.image.id)
    expect(await call('review.queue', { limit: 3 })).toHaveLength(3)

    const label = first.suggestions[0]!.labelId
    const page = await call('grid.page', { labelId: label })
    expect(page.rows.every((r) => r.labelId === label)).toBe(true)
    const bulk = await call('grid.bulk', { imageIds: page.rows.map((r) => r.imageId), action: 'accept' })
    expect(bulk.count).toBe(page.rows.length)
    expect((await call('review.undo', {})).imageId).not.toBeNull()
    const rule = await call('bulk.acceptRule', { minProb: 0 })
    expect(rule.count).toBe(5)
    expect((await call('review.stats', {})).reviewed).toBe(6)

    const out = join(dir, 'export out')
    const ex = await call('export.run', { format: 'csv', outDir: out })
    expect(ex.total).toBe(6)
    expect(readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n')).toHaveLength(7)
    await expect(call('export.run', { format: 'csv', outDir: out })).rejects.toMatchObject({
      code: 'target_not_empty',
      message: expect.not.stringMatching(/--/),
      details: expect.objectContaining({ remedy: 'write_anyway' })
    })

    const csv = join(dir, 'truth.csv')
    writeFileSync(csv, 'path,label\nphoto_rocket.jpg,rocket\nsecret-in-file.jpg,cat\n')
    const imp = await call('labels.importCsv', { path: csv })
    expect(imp).toMatchObject({ imported: 1, skipped: [{ line: 3 }] })
    // the reason does not echo the file's contents back to the caller
    expect(JSON.stringify(imp)).not.toContain('secret-in-file')
  })

  it('label and template changes re-score from cached embeddings', async () => {
    const before = (await call('project.summary', {}))!
    const added = await call('labels.add', { labels: [{ name: 'astronaut' }] })
    await idle()
    const jobs = await call('jobs.list', {})
    expect(jobs.some((j) => j.kind === 'rescore' && j.state === 'done')).toBe(true)
    const item = (await call('review.next', { status: 'all' }))!
    expect(item.suggestions.length).toBe(4)
    const upd = await call('labels.update', {
      id: added[0]!.id,
      name: 'Astronaut',
      color: '#123456',
      hotkey: 'a'
    })
    expect(upd).toMatchObject({ name: 'Astronaut', color: '#123456', hotkey: 'a' })
    const t = await call('templates.save', {
      name: 'plain',
      templates: ['a photo of a {}.'],
      makeDefault: true
    })
    await idle()
    expect((await call('project.summary', {}))!.activeTemplateSetId).toBe(t.id)
    const back = await call('templates.setDefault', { id: before.activeTemplateSetId! })
    expect(back.activeTemplateSetId).toBe(before.activeTemplateSetId)
    await idle()
    const upd2 = await call('project.updateSettings', { topK: 2, temperature: 50 })
    expect(upd2.settings).toMatchObject({ topK: 2, temperature: 50 })
    await idle()
    expect((await call('review.next', { status: 'all' }))!.suggestions).toHaveLength(2)
  })

  it('serves images and thumbnails of the project only', async () => {
    const item = (await call('review.next', { status: 'all', order: 'file' }))!
    const full = await s.resolveImage(item.image.id, false)
    expect(full.mime).toMatch(/^image\//)
    expect(existsSync(full.file)).toBe(true)
    const thumb = await s.resolveImage(item.image.id, true)
    expect(thumb).toMatchObject({ mime: 'image/jpeg' })
    expect(thumb.file.startsWith(join(dir, 'home', 'thumbs'))).toBe(true)
    const sharp = (await import('sharp')).default
    const meta = await sharp(thumb.file).metadata()
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(256)
    // a row pointing out of the root (crafted), and a link inside the root to a file outside
    const p = s.ctx.project()
    const rootId = p.roots()[0]!.id
    writeFileSync(join(dir, 'secret.png'), 'x')
    symlinkSync(join(dir, 'secret.png'), join(p.roots()[0]!.path, 'link.png'))
    const ins = p.db.prepare(
      "INSERT INTO images (root_id, rel_path, state, added_at) VALUES (?, ?, 'ok', 'now') RETURNING id"
    )
    const escape = (ins.get(rootId, '../secret.png') as { id: number }).id
    const link = (ins.get(rootId, 'link.png') as { id: number }).id
    await expect(s.resolveImage(escape, false)).rejects.toMatchObject({ code: 'outside_roots' })
    await expect(s.resolveImage(link, true)).rejects.toMatchObject({ code: 'outside_roots' })
    const broken = p.db.prepare("SELECT id FROM images WHERE rel_path = 'broken.png'").pluck().get() as number
    await expect(s.resolveImage(broken, true)).rejects.toMatchObject({ code: 'image_unreadable' })
    await expect(s.resolveImage(999999, true)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('diverse order walks every image once; adapted suggestions are what a rank accepts', async () => {
    const seen: number[] = []
    let item = await call('review.next', { order: 'diverse', status: 'all' })
    while (item && seen.length < 50) {
      seen.push(item.image.id)
      item = await call('review.next', { order: 'diverse', status: 'all', from: item.image.id })
    }
    const okImages = (await call('project.summary', {}))!.counts.prelabeled
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(okImages)
    await call('project.updateSettings', { adapt: true })
    const shown = (await call('review.get', { imageId: seen[0]!, status: 'all' }))!
    expect(shown.suggestions.length).toBeGreaterThan(0)
    expect(['adapted', 'zeroshot']).toContain(shown.suggestions[0]!.source)
    const d = await call('review.decide', { imageId: seen[0]!, kind: 'accepted', rank: 1 })
    expect(d.item.current?.labelId).toBe(shown.suggestions[0]!.labelId)
    await call('project.updateSettings', { adapt: false })
  })

  it('model options, jobs.cancel of an unknown job, close', async () => {
    const st = await call('model.setOptions', { variant: 'quantized' })
    expect(st).toMatchObject({ loaded: true, variant: 'quantized' })
    await expect(call('model.open', { path: join(dir, 'no model here') })).rejects.toMatchObject({
      code: 'model_invalid'
    })
    await expect(call('jobs.cancel', { jobId: 'nope' })).rejects.toMatchObject({ code: 'not_found' })
    expect(await call('project.close', {})).toBeNull()
    expect(await call('project.summary', {})).toBeNull()
  })

  it('the sample project: the demo world images, demo model, marked as sample; reopens', async () => {
    const a = await call('project.openSample', {})
    expect(a).toMatchObject({ sample: true, counts: { images: 79 } })
    expect(a.labels.map((l) => l.name)).toContain('zebra')
    expect((await call('model.status', {})).demo).toBe(true)
    const b = await call('project.openSample', {})
    expect(b.path).toBe(a.path)
    const { jobId } = await call('prelabel.start', {})
    expect((await waitJob(jobId)).state).toBe('done')
    const opened = await call('project.open', { path: a.path })
    expect(opened.counts.prelabeled).toBe(79)
  })

  it('the tags sample: its own file over the same images, kind tags; the single one unchanged', async () => {
    const single = await call('project.openSample', {})
    const t = await call('project.openSample', { kind: 'tags' })
    expect(t.path).not.toBe(single.path)
    expect(t).toMatchObject({ sample: true, kind: 'tags', counts: { images: 79 } })
    expect(t.roots).toEqual(single.roots)
    expect(t.labels.map((l) => l.name)).toEqual(SAMPLE_TAGS.map((l) => l.name))
    expect(t.labels.find((l) => l.name === 'white')?.descriptions).toEqual(['a white shape'])
    expect((await call('model.status', {})).demo).toBe(true)
    expect((await call('project.openSample', { kind: 'tags' })).path).toBe(t.path)
    const { jobId } = await call('prelabel.start', {})
    expect((await waitJob(jobId)).state).toBe('done')
    expect((await call('project.summary', {}))!.counts.prelabeled).toBe(79)
    // every tag scored on every image, each on its cold start until it is decided
    const tags = (await call('tags.summary', {})).tags
    expect(tags.map((x) => [x.label, x.scored, x.calibration.kind])).toEqual(
      SAMPLE_TAGS.map((l) => [l.name, 79, 'coldstart'])
    )
    const again = await call('project.openSample', { kind: 'single' })
    expect(again).toMatchObject({ path: single.path, kind: 'single' })
    expect(again.labels.map((l) => l.name)).toContain('zebra')
    expect(() => invokeSchemas['project.openSample'].parse({ kind: 'multi' })).toThrow()
  })
})
