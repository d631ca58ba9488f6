import { spawn } from 'node:child_process'
import {
  symlinkSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  readFileSync,
  utimesSync
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { Project } from '../db/project'
import { setLogDir } from '../log'
import { sampleImagesDir } from '../paths'
import { mainModelId, prelabel, rescore } from './prelabel'
import { JobRunner } from './runner'
import { scanProject } from './scan'

let engine: LoadedClipEngine
let dir: string
beforeAll(async () => {
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  dir = mkdtempSync(join(tmpdir(), 'zebra-jobs-'))
})
afterAll(async () => {
  await engine.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const SAMPLES = [
  'photo_chelsea.jpg',
  'photo_coffee.jpg',
  'photo_rocket.jpg',
  'gray_257x129.png',
  'wide_1000x100.webp'
]

/** A folder with a few sample images under names with spaces and non-ASCII characters, plus bad files. */
function makeFolder(name: string): string {
  const root = join(dir, name)
  mkdirSync(join(root, 'sub folder', 'ünï'), { recursive: true })
  SAMPLES.forEach((f, i) =>
    copyFileSync(
      join(sampleImagesDir(), f),
      join(root, i % 2 ? 'sub folder' : 'sub folder/ünï', `img ${i} é.${f.split('.').pop()}`)
    )
  )
  writeFileSync(join(root, 'not an image.jpg'), 'plain text pretending to be a JPEG')
  const jpeg = readFileSync(join(sampleImagesDir(), 'photo_astronaut.jpg'))
  writeFileSync(join(root, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 3)))
  writeFileSync(join(root, 'notes.txt'), 'ignored: not an image extension')
  return root
}

describe('scan', () => {
  it('finds new, changed, moved and missing files and records unreadable ones', async () => {
    const root = makeFolder('scan')
    const p = Project.create(join(dir, 'scan.zebra'), { roots: [root], labels: [{ name: 'cat' }] })
    const errors: string[] = []
    const r1 = await scanProject(p, { onFileError: (f) => errors.push(f) })
    expect(r1).toMatchObject({ total: 7, added: 7, unreadable: 1 })
    expect(errors).toEqual([join(root, 'not an image.jpg')])
    const bad = p.db.prepare("SELECT rel_path, reason FROM images WHERE state = 'unreadable'").all() as {
      rel_path: string
      reason: string
    }[]
    expect(bad.map((b) => b.rel_path)).toEqual(['not an image.jpg'])
    expect(bad[0]!.reason.length).toBeGreaterThan(0)
    const dims = p.db.prepare("SELECT width, height, format FROM images WHERE rel_path LIKE '%img 4%'").get()
    expect(dims).toEqual({ width: 1000, height: 100, format: 'webp' })

    // unchanged rescan
    expect(await scanProject(p)).toMatchObject({ added: 0, changed: 0, moved: 0, missing: 0, unchanged: 7 })

    // move one file, delete one, change one, add one
    renameSync(join(root, 'sub folder', 'img 1 é.jpg'), join(root, 'moved here.jpg'))
    unlinkSync(join(root, 'sub folder', 'img 3 é.png'))
    copyFileSync(join(sampleImagesDir(), 'square_224x224.png'), join(root, 'sub folder/ünï/img 0 é.jpg'))
    utimesSync(join(root, 'sub folder/ünï/img 0 é.jpg'), new Date(), new Date(Date.now() + 5000))
    copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), join(root, 'new.png'))
    const movedId = p.db
      .prepare("SELECT id FROM images WHERE rel_path = 'sub folder/img 1 é.jpg'")
      .pluck()
      .get()
    const r2 = await scanProject(p)
    expect(r2).toMatchObject({ added: 1, changed: 1, moved: 1, missing: 1 })
    expect(p.db.prepare("SELECT id FROM images WHERE rel_path = 'moved here.jpg'").pluck().get()).toBe(
      movedId
    )
    expect(
      p.db.prepare("SELECT state FROM images WHERE rel_path = 'sub folder/img 3 é.png'").pluck().get()
    ).toBe('missing')
    expect(p.counts()).toMatchObject({ images: 8, missing: 1, unreadable: 1 })
    p.close()
  })
})

describe('prelabel', () => {
  it('embeds every readable image once, records truncated files, and resumes only what is missing', async () => {
    const root = makeFolder('pre')
    const p = Project.create(join(dir, 'pre.zebra'), {
      roots: [root],
      labels: [
        { name: 'cat' },
        { name: 'coffee' },
        { name: 'rocket', descriptions: ['has a long white body'] }
      ]
    })
    await scanProject(p)
    const progress: { done: number; total: number }[] = []
    const errors: string[] = []
    // limit: a run stopped early, as if killed between batches
    const r1 = await prelabel(p, engine, { batch: 2, limit: 3 })
    expect(r1.processed + r1.failed).toBe(3)
    const r2 = await prelabel(p, engine, {
      batch: 2,
      onProgress: (s) => progress.push({ done: s.done, total: s.total }),
      onFileError: (f) => errors.push(f)
    })
    expect(r2.total).toBe(6 - 3)
    expect(progress.at(-1)).toEqual({ done: 3, total: 3 })
    const counts = p.counts()
    expect(counts.prelabeled).toBe(5)
    expect(counts.unreadable).toBe(2)
    const reasons = p.db
      .prepare("SELECT rel_path FROM images WHERE state = 'unreadable' ORDER BY rel_path")
      .pluck()
      .all()
    expect(reasons).toEqual(['not an image.jpg', 'truncated.jpg'])
    expect(errors.length + r1.failed).toBe(1)
    // one embedding and one prediction per image, nothing duplicated
    expect(p.db.prepare('SELECT count(*) FROM image_embeddings').pluck().get()).toBe(5)
    expect(p.db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(5)
    // the stored embeddings are the engine's own
    const [file] = p.db
      .prepare("SELECT i.id FROM images i WHERE rel_path LIKE '%img 1 é%'")
      .pluck()
      .all() as number[]
    const vec = p.db
      .prepare('SELECT vec FROM image_embeddings WHERE image_id = ?')
      .pluck()
      .get(file) as Buffer
    const [direct] = await engine.embedImages([p.imageFile(file!)])
    expect(
      Array.from(new Float32Array(vec.buffer.slice(vec.byteOffset, vec.byteOffset + vec.byteLength)))
    ).toEqual(Array.from(direct!.embedding!))
    // nothing left to do
    expect((await prelabel(p, engine)).total).toBe(0)
    p.close()
  })

  it('stops at a batch boundary when cancelled, and a rerun completes', async () => {
    const root = join(dir, 'many')
    mkdirSync(root)
    for (let i = 0; i < 12; i++)
      copyFileSync(
        join(sampleImagesDir(), 'square_224x224.png'),
        join(root, `s${String(i).padStart(2, '0')}.png`)
      )
    const p = Project.create(join(dir, 'many.zebra'), {
      roots: [root],
      labels: [{ name: 'a' }, { name: 'b' }]
    })
    await scanProject(p)
    const ac = new AbortController()
    const r = await prelabel(p, engine, {
      batch: 3,
      signal: ac.signal,
      onProgress: (s) => s.done >= 3 && ac.abort()
    })
    expect(r.cancelled).toBe(true)
    expect(r.processed % 3).toBe(0)
    expect(p.counts().prelabeled).toBe(r.processed)
    const again = await prelabel(p, engine, { batch: 3 })
    expect(again.processed).toBe(12 - r.processed)
    expect(p.counts().prelabeled).toBe(12)
    p.close()
  })

  it('rescore after a label change uses cached image embeddings and needs no vision model', async () => {
    const root = join(dir, 'rescore')
    mkdirSync(root)
    for (const f of SAMPLES) copyFileSync(join(sampleImagesDir(), f), join(root, f))
    const p = Project.create(join(dir, 'rescore.zebra'), {
      roots: [root],
      labels: [{ name: 'cat' }, { name: 'dog' }]
    })
    await scanProject(p)
    await prelabel(p, engine)
    const v1 = p.labelVersion
    const added = p.addLabels([{ name: 'rocket' }])
    expect(p.labelVersion).toBe(v1 + 1)
    // only the text model is passed: the vision model cannot run
    const textOnly = { embedTexts: (prompts: string[]) => engine.embedTexts(prompts) }
    const r = await rescore(p, engine.modelId, textOnly)
    expect(r.rescored).toBe(5)
    const stale = p.db
      .prepare('SELECT count(*) FROM predictions WHERE label_version != ?')
      .pluck()
      .get(p.labelVersion)
    expect(stale).toBe(0)
    const labelsSeen = new Set(
      (p.db.prepare('SELECT topk FROM predictions').pluck().all() as string[]).flatMap((t) =>
        (JSON.parse(t) as [number, number][]).map(([l]) => l)
      )
    )
    expect(labelsSeen.has(added[0]!.id)).toBe(true)
    // archiving a label: with every prompt cached, no engine at all is needed
    p.updateLabel(added[0]!.id, { archived: true })
    expect(mainModelId(p)).toBe(engine.modelId)
    expect((await rescore(p, engine.modelId, null)).rescored).toBe(5)
    const after = new Set(
      (p.db.prepare('SELECT topk FROM predictions').pluck().all() as string[]).flatMap((t) =>
        (JSON.parse(t) as [number, number][]).map(([l]) => l)
      )
    )
    expect(after.has(added[0]!.id)).toBe(false)
    p.close()
  })
})

describe('job lock and containment', () => {
  it('refuses a second live prelabel on the project, takes over a dead one, skips links out of the roots', async () => {
    const root = join(dir, 'locked')
    mkdirSync(root)
    copyFileSync(join(sampleImagesDir(), 'photo_coffee.jpg'), join(root, 'a.jpg'))
    copyFileSync(join(sampleImagesDir(), 'photo_chelsea.jpg'), join(root, 'b.jpg'))
    const p = Project.create(join(dir, 'locked.zebra'), {
      roots: [root],
      labels: [{ name: 'a' }, { name: 'b' }]
    })
    await scanProject(p)
    // b.jpg replaced by a link to a file outside the root after the scan
    const outside = join(dir, 'outside.jpg')
    copyFileSync(join(sampleImagesDir(), 'photo_rocket.jpg'), outside)
    unlinkSync(join(root, 'b.jpg'))
    symlinkSync(outside, join(root, 'b.jpg'))
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
    p.db
      .prepare('INSERT INTO job_locks (kind, pid, host, started_at) VALUES (?, ?, ?, ?)')
      .run('prelabel', child.pid, hostname(), new Date().toISOString())
    await expect(prelabel(p, engine)).rejects.toMatchObject({ code: 'busy' })
    child.kill('SIGKILL')
    await new Promise((r) => child.on('exit', r))
    const r = await prelabel(p, engine)
    expect(r).toMatchObject({ processed: 1, failed: 1 })
    expect(p.db.prepare("SELECT reason FROM images WHERE rel_path = 'b.jpg'").pluck().get()).toMatch(
      /outside the project folders/
    )
    expect(p.db.prepare('SELECT count(*) FROM job_locks').pluck().get()).toBe(0)
    p.close()
  })
})

describe('job runner', () => {
  it('reports progress, finishes, and cancels', async () => {
    const events: string[] = []
    const runner = new JobRunner((p) => events.push(`${p.kind}:${p.state}:${p.done}/${p.total}`))
    const ok = runner.start('scan', async (jc) => {
      jc.progress(1, 2)
      jc.fileError('x.jpg', 'bad')
      jc.progress(2, 2)
      return 'fine'
    })
    const done = await ok.finished
    expect(done).toMatchObject({
      state: 'done',
      done: 2,
      total: 2,
      message: 'fine',
      errors: [{ file: 'x.jpg', reason: 'bad' }]
    })
    const slow = runner.start(
      'prelabel',
      async (jc) => {
        await new Promise((r) => jc.signal.addEventListener('abort', r, { once: true }))
      },
      { exclusive: true }
    )
    expect(() => runner.start('prelabel', async () => undefined, { exclusive: true })).toThrow(
      /already running/
    )
    runner.cancel(slow.id)
    expect((await slow.finished).state).toBe('cancelled')
    // an unexpected failure goes to the log with its stack (the user sees only the AppError)
    setLogDir(dir)
    const bad = runner.start('export', async () => {
      throw new Error('boom')
    })
    expect((await bad.finished).error?.code).toBe('internal')
    setLogDir(null)
    const logged = readFileSync(join(dir, 'logs', 'zebra.log'), 'utf8')
    expect(logged).toMatch(new RegExp(`ERROR job ${bad.id} failed Error: boom\\n\\s+at `))
    expect(events).toContain('scan:done:2/2')
    expect(runner.list().map((j) => j.state)).toEqual(['done', 'cancelled', 'failed'])
  })
})
