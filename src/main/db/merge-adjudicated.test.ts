// Merging carries adjudication: a reviewer adjudicates on an offline copy while an annotator
// decides the same image later on the original; after the merge the adjudicated row is in the
// original with its flag, it is the image's current label (it outranks the later decision), the
// disagreements queue is settled, and merging again adds nothing.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { appendDecisions, currentLabel, undo } from './decisions'
import { disagreements } from './disagreements'
import { mergeProjects } from './merge'
import { Project } from './project'
import { verifyCurrent } from './verify'

let dir: string
let original: string
let copy: string
let image: number
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-merge-adj-'))
  original = join(dir, 'original.zebra')
  copy = join(dir, 'rev.zebra')
  const p = Project.create(original, {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }]
  })
  await scanProject(p)
  image = p.db.prepare('SELECT min(id) FROM images').pluck().get() as number
  appendDecisions(p.db, [{ imageId: image, kind: 'corrected', labelId: 1 }], 'alice')
  appendDecisions(p.db, [{ imageId: image, kind: 'corrected', labelId: 2 }], 'bob')
  p.close()
  copyFileSync(original, copy)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** waits for the clock to move on */
function tick(): void {
  const t = Date.now()
  while (Date.now() <= t) {
    /* spin: at most a millisecond */
  }
}

it('carries the adjudicated flag, and the adjudicated label outranks a later decision', () => {
  const r = Project.open(copy)
  tick()
  appendDecisions(r.db, [{ imageId: image, kind: 'corrected', labelId: 2, adjudicated: true }], 'rev')
  tick()
  // an undone adjudication travels too, and stays undone
  appendDecisions(r.db, [{ imageId: image + 1, kind: 'corrected', labelId: 1, adjudicated: true }], 'rev')
  undo(r.db, 'rev')
  r.close()
  const p = Project.open(original)
  try {
    tick()
    appendDecisions(p.db, [{ imageId: image, kind: 'corrected', labelId: 1 }], 'carol') // after the adjudication
    expect(currentLabel(p.db, image)).toMatchObject({ label: 'cat', annotator: 'carol' })
    const report = mergeProjects(p.db, original, [copy])
    expect(report.sources[0]).toMatchObject({ added: 3, failedCount: 0 })
    const rows = p.db
      .prepare("SELECT image_id, kind, adjudicated FROM decisions WHERE annotator = 'rev' ORDER BY id")
      .all()
    expect(rows).toEqual([
      { image_id: image, kind: 'corrected', adjudicated: 1 },
      { image_id: image + 1, kind: 'corrected', adjudicated: 1 },
      { image_id: image + 1, kind: 'revert', adjudicated: 0 }
    ])
    expect(currentLabel(p.db, image)).toMatchObject({ label: 'dog', annotator: 'rev' })
    expect(currentLabel(p.db, image + 1)).toBeNull()
    expect(verifyCurrent(p.db).mismatches).toBe(0)
    // carol decided after the adjudication: the image is in dispute again, adjudicated dog
    expect(disagreements(p.db, 10).items).toMatchObject([{ imageId: image, adjudicated: 'dog' }])
    expect(mergeProjects(p.db, original, [copy]).sources[0]).toMatchObject({ added: 0, already: 5 })
  } finally {
    p.close()
  }
})
