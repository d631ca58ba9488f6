// The folder channels through the services, as the transports call them (inputs parsed with the
// contract's schemas), on real files and the demo model: add a folder (scanned), open a project
// (scanned in the background: a file copied in meanwhile is found), the unreadable list and the
// counts from one read, the files a scan did not take (a .bmp) in the last scan, removal refused
// while pre-labelling runs, removal and its event.
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
import { writeBmp } from '../clip/testing/bmp'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir: string
let s: Services
const reasons: string[] = []

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

const copy = (name: string, to: string, as = name): void =>
  copyFileSync(join(sampleImagesDir(), name), join(to, as))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-services-folders-'))
  s = createServices({
    emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => {
      if (ch === 'project.changed') reasons.push((payload as { reason: string }).reason)
    },
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
})
afterAll(async () => {
  await s.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('folder services', () => {
  const a = (): string => join(dir, 'a')
  const b = (): string => join(dir, 'b')
  const file = (): string => join(dir, 'p.zebra')

  it('adds a folder and scans it; counts and the unreadable list agree', async () => {
    mkdirSync(a())
    mkdirSync(b())
    for (const f of ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg']) copy(f, a())
    for (const f of ['square_224x224.png', 'wide_1000x100.webp']) copy(f, b())
    writeFileSync(join(b(), 'broken.png'), 'not a png')
    writeBmp(join(b(), 'scan.bmp'), 8, 8)
    writeFileSync(join(b(), 'notes.txt'), 'hello')
    await call('project.create', { path: file(), roots: [a()], labels: [{ name: 'cat' }, { name: 'cup' }] })
    await s.ctx.jobs.idle()

    const added = await call('project.addRoot', { path: b() })
    expect(added.root).toMatchObject({ path: b(), exists: true })
    expect(added.jobId).toMatch(/^scan-/)
    expect((await s.ctx.jobs.finished(added.jobId!)).state).toBe('done')
    expect(reasons).toContain('folders')

    const { roots, lastScan } = await call('project.roots', {})
    expect(roots.map((r) => [r.path, r.images, r.unreadable])).toEqual([
      [a(), 3, 0],
      [b(), 3, 1]
    ])
    expect(lastScan).toMatchObject({ total: 6, added: 3, unreadable: 1, missing: 0 })
    // what the renderer's Folders panel names: the .bmp with why, the .txt counted
    expect(lastScan!.notTaken.counts).toEqual({ unsupported_image: 1, link: 0, not_image: 1, hidden: 0 })
    expect(lastScan!.notTaken.listed).toEqual([
      {
        path: join(b(), 'scan.bmp'),
        reason: 'unsupported_image',
        why: 'not an image format Zebra reads (.bmp)'
      }
    ])
    expect((await s.ctx.jobs.finished(added.jobId!)).message).toContain(
      `not taken: 1 file in an image format Zebra does not read (.bmp): ${join(b(), 'scan.bmp')}`
    )
    const st = await call('project.unreadable', {})
    expect(st.counts).toMatchObject({ images: 6, unreadable: 1, missing: 0 })
    expect(st.unreadable.map((u) => u.relPath)).toEqual(['broken.png'])
    expect(st.counts.unreadable).toBe(st.unreadable.length)
    // the same folder again changes nothing and scans nothing
    expect((await call('project.addRoot', { path: b() })).jobId).toBeNull()
    await expect(call('project.addRoot', { path: join(dir, 'nope') })).rejects.toMatchObject({
      code: 'not_found'
    })
  })

  it('opening a project scans it in the background: a file copied in while closed is found', async () => {
    await call('project.close', {})
    copy('gray_257x129.png', a(), 'new.png')
    const opened = await call('project.open', { path: file() })
    expect(opened.counts.images).toBe(6) // the summary answers at once; the scan follows
    const scan = s.ctx.jobs.list().find((j) => j.kind === 'scan' && j.state === 'running')
    expect(scan).toBeDefined()
    expect((await s.ctx.jobs.finished(scan!.jobId)).message).toMatch(/1 new/)
    expect((await call('project.unreadable', {})).counts.images).toBe(7)
    expect((await call('project.roots', {})).lastScan).toMatchObject({ added: 1, total: 7 })
  })

  it('refuses to remove a folder while pre-labelling runs; removes it afterwards', async () => {
    await call('model.useDemo', {})
    const { jobId } = await call('prelabel.start', {})
    const id = (await call('project.roots', {})).roots.find((r) => r.path === b())!.id
    await expect(call('project.removeRoot', { id })).rejects.toMatchObject({ code: 'busy' })
    expect((await s.ctx.jobs.finished(jobId)).state).toBe('done')
    await s.ctx.jobs.idle()

    const r = await call('project.removeRoot', { id })
    expect(r).toEqual({ path: b(), images: 3, kept: 0 })
    const st = await call('project.unreadable', {})
    expect(st.counts).toMatchObject({ images: 4, unreadable: 0, prelabeled: 4 })
    expect(st.unreadable).toEqual([])
    expect((await call('project.summary', {}))!.roots).toEqual([a()])
    await expect(call('project.removeRoot', { id })).rejects.toMatchObject({ code: 'not_found' })
  })
})
