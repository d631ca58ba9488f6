// Folders of a real project on real image files: add (scanned, nested folders refused), remove
// (images leave counts, queues and export; the decision log keeps every row), add again (the
// scan brings the decided images back with their labels), and the unreadable list.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendDecisions } from '../db/decisions'
import { imageStatus } from '../db/image-status'
import { reviewStats } from '../db/ops'
import { Project } from '../db/project'
import { collectExportRows, countLeftOut } from '../export/rows'
import { sampleImagesDir } from '../paths'
import { addFolder, findFolder, listFolders, removeFolder } from './folders'
import { readLastScan } from './last-scan'
import { scanProject } from './scan'

let dir: string
let a: string
let b: string
let p: Project
const samples = readdirSync(sampleImagesDir()).filter((f) => !f.startsWith('.'))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-folders-'))
  a = join(dir, 'a')
  b = join(dir, 'b')
  mkdirSync(a)
  mkdirSync(join(b, 'sub'), { recursive: true })
  for (const f of samples.slice(0, 5)) copyFileSync(join(sampleImagesDir(), f), join(a, f))
  for (const f of samples.slice(5, 9)) copyFileSync(join(sampleImagesDir(), f), join(b, 'sub', f))
  writeFileSync(join(b, 'broken.jpg'), 'not an image\n')
  p = Project.create(join(dir, 'p.zebra'), { roots: [a], labels: [{ name: 'cat' }, { name: 'dog' }] })
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

const relPaths = (rows: { relPath: string }[]): string[] => rows.map((r) => r.relPath).sort()

describe('project folders', () => {
  it('adds a folder, refuses nested ones, and a scan indexes it', async () => {
    await scanProject(p)
    const added = addFolder(p, b)
    expect(added).toMatchObject({ restored: false, already: false })
    expect(added.root).toMatchObject({ path: b, images: 0, exists: true })
    expect(addFolder(p, `${b}/`).already).toBe(true)
    expect(() => addFolder(p, join(b, 'sub'))).toThrow(/inside .* already a folder/)
    expect(() => addFolder(p, dir)).toThrow(/holds .* already a folder/)
    expect(() => addFolder(p, join(dir, 'nope'))).toThrow(/not found/)
    expect(() => addFolder(p, join(b, 'broken.jpg'))).toThrow(/not a folder/)

    const r = await scanProject(p)
    expect(r).toMatchObject({ added: 5, unreadable: 1, missing: 0 })
    expect(readLastScan(p.db)).toMatchObject({ total: 10, added: 5, unreadable: 1 })
    const byPath = Object.fromEntries(listFolders(p).map((f) => [f.path, f]))
    expect(byPath[a]).toMatchObject({ images: 5, ok: 5, unreadable: 0 })
    expect(byPath[b]).toMatchObject({ images: 5, ok: 4, unreadable: 1 })

    const st = imageStatus(p, 10)
    expect(st.counts).toMatchObject({ images: 10, unreadable: 1, missing: 0 })
    expect(st.unreadable).toEqual([
      expect.objectContaining({ root: b, relPath: 'broken.jpg', reason: expect.any(String) })
    ])
  })

  it('removes a folder: its images leave the project, the log keeps its decisions', async () => {
    const ids = p.db
      .prepare("SELECT id FROM images WHERE root_id = ? AND state = 'ok' ORDER BY rel_path")
      .pluck()
      .all(findFolder(p, b).id) as number[]
    const cat = p.labelByName('cat')!.id
    appendDecisions(
      p.db,
      ids.slice(0, 2).map((imageId) => ({ imageId, kind: 'corrected' as const, labelId: cat })),
      'tester'
    )
    const inA = p.db
      .prepare('SELECT id FROM images WHERE root_id = 1 ORDER BY id LIMIT 1')
      .pluck()
      .get() as number
    appendDecisions(p.db, [{ imageId: inA, kind: 'corrected', labelId: cat }], 'tester')
    const log = p.db.prepare('SELECT * FROM decisions ORDER BY id').all()
    expect(collectExportRows(p, ['corrected'], { includeMissing: true })).toHaveLength(3)

    const r = removeFolder(p, b)
    expect(r).toMatchObject({ path: b, images: 5, deleted: 3, kept: 2 })
    expect(listFolders(p).map((f) => f.path)).toEqual([a])
    expect(p.counts()).toMatchObject({ images: 5, unreadable: 0, missing: 0, reviewed: 1 })
    expect(reviewStats(p)).toMatchObject({ total: 5, reviewed: 1 })
    expect(imageStatus(p, 10).unreadable).toEqual([])
    // the decision log is append-only: every row is still there
    expect(p.db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(log)
    // export: the removed folder's images are neither exported nor "left out because missing"
    expect(collectExportRows(p, ['corrected'], { includeMissing: true }).map((x) => x.root)).toEqual([a])
    expect(countLeftOut(p, ['corrected'])).toEqual({ missing: 0, unreadable: 0 })
    // a scan leaves the removed folder alone (its images are not new, moved or missing again)
    const s = await scanProject(p)
    expect(s).toMatchObject({ total: 5, added: 0, moved: 0, missing: 0 })
    expect(() => removeFolder(p, a)).toThrow(/at least one image folder/)
    expect(() => removeFolder(p, b)).toThrow(/not a folder of this project/)
  })

  it('adding the folder again brings its decided images back with their labels', async () => {
    const added = addFolder(p, b)
    expect(added.restored).toBe(true)
    const s = await scanProject(p)
    expect(s).toMatchObject({ added: 3, restored: 2, missing: 0 })
    expect(p.counts()).toMatchObject({ images: 10, unreadable: 1, reviewed: 3 })
    const rows = collectExportRows(p, ['corrected'])
    expect(rows.filter((x) => x.root === b)).toHaveLength(2)
    expect(relPaths(imageStatus(p, 10).unreadable)).toEqual(['broken.jpg'])
  })
})
