// Identical-file groups and member labels on real project files: shape images scanned from disk
// with byte-identical copies (one copy deleted and rescanned: missing; one in a removed folder),
// decisions through the log; and the grouping query's plan on a 3000-image project.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHAPE_CLASSES, writeShapeDataset } from '../adapt/testing/shapes'
import { addFolder, removeFolder } from '../jobs/folders'
import { scanProject } from '../jobs/scan'
import { appendDecisions } from './decisions'
import { IDENTICAL_FILES_SQL, identicalFileGroups, memberLabels } from './duplicate-files'
import { Project } from './project'
import { createSyntheticProject } from './testing/synthetic'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-dupfiles-'))
})
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('identical files', () => {
  it('groups ok images of folders in use by content hash; missing and removed ones drop out', async () => {
    const root = join(dir, 'images')
    const shapes = await writeShapeDataset(root, { perClass: 3, seed: 2 })
    const a = shapes[0]!.file
    const b = shapes[1]!.file
    copyFileSync(a, join(root, 'a-copy-1.png'))
    copyFileSync(a, join(root, 'a-copy-2.png'))
    copyFileSync(b, join(root, 'b-copy.png'))
    // a second folder holding another copy of b, removed later
    const extra = join(dir, 'extra')
    mkdirSync(extra)
    cpSync(b, join(extra, 'b-elsewhere.png'))
    const p = Project.create(join(dir, 'files.zebra'), {
      roots: [root],
      labels: SHAPE_CLASSES.map((c) => ({ name: c.name })),
      templates: ['a photo of a {}.']
    })
    try {
      addFolder(p, extra)
      await scanProject(p)
      const rel = (g: { relPaths: string[] }): string[] => [...g.relPaths].sort()
      const relA = a.slice(root.length + 1)
      const relB = b.slice(root.length + 1)
      let groups = identicalFileGroups(p.db)
      expect(groups.map(rel)).toEqual([
        [relA, 'a-copy-1.png', 'a-copy-2.png'].sort(),
        [relB, 'b-copy.png', 'b-elsewhere.png'].sort()
      ])
      for (const g of groups) expect(g.imageIds).toEqual([...g.imageIds].sort((x, y) => x - y))

      rmSync(join(root, 'a-copy-2.png'))
      await scanProject(p)
      removeFolder(p, extra)
      groups = identicalFileGroups(p.db)
      expect(groups.map(rel)).toEqual([[relA, 'a-copy-1.png'].sort(), [relB, 'b-copy.png'].sort()])

      // member labels: decided (through the log) wins over the model's top-1; none without either
      const [g] = groups
      const labels = p.labels()
      appendDecisions(p.db, [{ imageId: g!.imageIds[0]!, kind: 'corrected', labelId: labels[2]!.id }], 't')
      appendDecisions(p.db, [{ imageId: g!.imageIds[1]!, kind: 'skipped' }], 't')
      const m = memberLabels(p.db, g!.imageIds)
      expect(m.get(g!.imageIds[0]!)).toEqual({
        labelId: labels[2]!.id,
        label: labels[2]!.name,
        decided: true
      })
      expect(m.has(g!.imageIds[1]!)).toBe(false) // not pre-labelled, skipped: no label at all
      expect(memberLabels(p.db, [])).toEqual(new Map())
    } finally {
      p.close()
    }
  }, 60_000)
})

describe('query plan', () => {
  it('finds shared hashes through the images_hash index, without a sort', () => {
    const p = createSyntheticProject(join(dir, 'plan.zebra'), dir, { images: 3000, labels: 5, seed: 3 })
    try {
      p.db.exec('ANALYZE')
      const plan = (
        p.db.prepare(`EXPLAIN QUERY PLAN ${IDENTICAL_FILES_SQL}`).all() as { detail: string }[]
      ).map((r) => r.detail)
      // the shared hashes: a range walk of the index in hash order; each image of one: an index lookup
      expect(plan).toContainEqual(
        expect.stringMatching(/^(SCAN|SEARCH) images USING COVERING INDEX images_hash\b/)
      )
      expect(plan).toContainEqual(expect.stringMatching(/^SEARCH i USING INDEX images_hash \(hash=\?\)$/))
      expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE|SCAN i(?! USING)/)
      expect(identicalFileGroups(p.db)).toEqual([]) // every synthetic image has its own hash
    } finally {
      p.close()
    }
  })
})
