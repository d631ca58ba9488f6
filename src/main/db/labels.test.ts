// Label edits on a real project file: a rename is followed by every decision, a merge resolves the
// current labels (review, grid, counts, export, adaptation) while the log keeps the original, an
// archived label leaves the classifier and pickers but keeps its decisions.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectExportRows } from '../export/rows'
import { currentLabel } from './decisions'
import { history } from './decision-history'
import { verifyCurrent } from './verify'
import { reviewedEmbeddingRows } from './embeddings'
import { gridCounts, gridPage } from './grid'
import { decide } from './ops'
import { Project } from './project'
import { SYNTHETIC_MODEL_ID, createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-labels-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 30, labels: 4, seed: 7, embedDim: 8 })
})
afterEach(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

const byName = (name: string): number => p.labelByName(name)!.id
const countOf = (id: number): { decided: number; recorded: number } => {
  const c = p.labelCounts().find((x) => x.labelId === id)!
  return { decided: c.decided, recorded: c.recorded }
}

describe('labels', () => {
  it('a rename is followed by the decisions, the log and the export', () => {
    const cat = byName('class_000')
    decide(p, { imageId: 1, kind: 'corrected', labelId: cat }, 'ann')
    const v = p.labelVersion
    p.updateLabel(cat, { name: 'tabby cat' })
    expect(p.labelVersion).toBe(v + 1)
    expect(currentLabel(p.db, 1)).toMatchObject({ labelId: cat, label: 'tabby cat' })
    expect(currentLabel(p.db, 1)).not.toHaveProperty('recordedLabel')
    expect(history(p.db, 1).at(-1)!.label).toBe('tabby cat')
    const row = collectExportRows(p, ['corrected']).find((r) => r.imageId === 1)!
    expect(row).toMatchObject({ label: 'tabby cat', labelId: cat, recordedLabel: null })
    expect(countOf(cat)).toEqual({ decided: 1, recorded: 1 })
  })

  it('merge A into B: current labels resolve to B, the log and provenance keep A', () => {
    const a = byName('class_001')
    const b = byName('class_002')
    decide(p, { imageId: 1, kind: 'corrected', labelId: a }, 'ann')
    decide(p, { imageId: 2, kind: 'corrected', labelId: a }, 'ann')
    decide(p, { imageId: 3, kind: 'corrected', labelId: b }, 'ann')
    const logBefore = p.db.prepare('SELECT * FROM decisions ORDER BY id').all()
    const v = p.labelVersion
    const gridBefore = new Map(gridCounts(p.db, 'all').map((c) => [c.labelId, c.count]))

    const r = p.mergeLabel(a, b)
    expect(r.from).toMatchObject({ id: a, archived: true, mergedInto: b, hotkey: null })
    expect(r.into).toMatchObject({ id: b, archived: false, mergedInto: null })
    expect(p.labelVersion).toBe(v + 1)
    // the log is exactly as it was
    expect(p.db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(logBefore)
    expect(history(p.db, 1).at(-1)).toMatchObject({ labelId: a, label: 'class_001' })
    expect(verifyCurrent(p.db).mismatches).toBe(0)
    // current labels resolve through the merge
    expect(currentLabel(p.db, 1)).toMatchObject({
      labelId: b,
      label: 'class_002',
      recordedLabel: 'class_001'
    })
    expect(countOf(b)).toEqual({ decided: 3, recorded: 1 })
    expect(countOf(a)).toEqual({ decided: 0, recorded: 2 })
    const page = gridPage(p.db, { offset: 0, limit: 100, minProb: 0, status: 'all' })
    expect(page.rows.find((x) => x.imageId === 2)!.current).toMatchObject({ labelId: b, label: 'class_002' })
    // top-1 counts fold A into B until the rescore moves the predictions
    const gridAfter = new Map(gridCounts(p.db, 'all').map((c) => [c.labelId, c.count]))
    expect(gridAfter.has(a)).toBe(false)
    expect(gridAfter.get(b)).toBe((gridBefore.get(a) ?? 0) + (gridBefore.get(b) ?? 0))
    // exports: B as the label, A as the recorded provenance
    const rows = collectExportRows(p, ['corrected'])
    expect(rows.map((x) => [x.imageId, x.label, x.labelId, x.recordedLabel])).toEqual([
      [1, 'class_002', b, 'class_001'],
      [2, 'class_002', b, 'class_001'],
      [3, 'class_002', b, null]
    ])
    for (const x of rows) expect(x.negatives).not.toContain('class_002')
    // adaptation trains on B
    const reviewed = reviewedEmbeddingRows(p.db, SYNTHETIC_MODEL_ID)
    expect(reviewed.map((x) => [x.id, x.label])).toEqual([
      [1, b],
      [2, b],
      [3, b]
    ])
    // the classifier and pickers no longer see A
    expect(p.activeLabels().map((l) => l.id)).not.toContain(a)
  })

  it('new decisions naming a merged label record the label it went into', () => {
    const a = byName('class_001')
    const b = byName('class_002')
    p.mergeLabel(a, b)
    decide(p, { imageId: 5, kind: 'corrected', labelId: a }, 'ann')
    expect(history(p.db, 5).at(-1)).toMatchObject({ labelId: b, label: 'class_002' })
    // a suggestion made before the merge (A at rank 1) accepted after it: B
    const top1 = p.db.prepare('SELECT id FROM images WHERE top1_label = ? LIMIT 1').pluck().get(a) as number
    decide(p, { imageId: top1, kind: 'accepted', rank: 1 }, 'ann')
    expect(history(p.db, top1).at(-1)).toMatchObject({ kind: 'accepted', labelId: b })
    // adding A's name back means B
    expect(p.addLabels([{ name: 'CLASS_001' }])[0]!.id).toBe(b)
  })

  it('merges stay one hop: merging B into C re-points A; refuses self, twice, archived targets', () => {
    const [a, b, c, d] = ['class_000', 'class_001', 'class_002', 'class_003'].map(byName) as number[]
    decide(p, { imageId: 1, kind: 'corrected', labelId: a }, 'ann')
    p.mergeLabel(a, b)
    p.mergeLabel(b, c)
    expect(p.label(a).mergedInto).toBe(c)
    expect(p.label(b).mergedInto).toBe(c)
    expect(currentLabel(p.db, 1)).toMatchObject({ labelId: c, recordedLabel: 'class_000' })
    expect(countOf(c).decided).toBe(1)
    // into a merged label: into the label it went to
    expect(p.mergeLabel(d, a).into.id).toBe(c)
    expect(() => p.mergeLabel(c, c)).toThrow(/another label/)
    expect(() => p.mergeLabel(a, c)).toThrow(/already merged into "class_002"/)
    const e = p.addLabels([{ name: 'extra' }])[0]!.id
    p.updateLabel(e, { archived: true })
    expect(() => p.mergeLabel(c, e)).toThrow(/"extra" is archived/)
    expect(() => p.updateLabel(a, { archived: false })).toThrow(/merged into "class_002"/)
  })

  it('archive: out of the classifier and pickers, decisions kept in counts and exports; unarchive returns it', () => {
    const a = byName('class_003')
    decide(p, { imageId: 4, kind: 'corrected', labelId: a }, 'ann')
    const v = p.labelVersion
    p.updateLabel(a, { archived: true })
    expect(p.labelVersion).toBe(v + 1)
    expect(p.activeLabels().map((l) => l.id)).not.toContain(a)
    expect(p.labels().find((l) => l.id === a)).toMatchObject({ archived: true, mergedInto: null })
    expect(currentLabel(p.db, 4)).toMatchObject({ labelId: a, label: 'class_003' })
    expect(collectExportRows(p, ['corrected']).map((r) => r.label)).toEqual(['class_003'])
    expect(countOf(a)).toEqual({ decided: 1, recorded: 1 })
    p.updateLabel(a, { archived: false })
    expect(p.activeLabels().map((l) => l.id)).toContain(a)
    expect(p.labelVersion).toBe(v + 2)
  })

  it('editing the default template set marks predictions stale; another set does not', () => {
    const stale = (): number =>
      p.db.prepare('SELECT count(*) FROM predictions WHERE label_version = -1').pluck().get() as number
    const other = p.saveTemplateSet('other', ['a sketch of a {}.'])
    const r1 = p.updateTemplateSet(other.id, { templates: ['a drawing of a {}.'], name: 'drawings' })
    expect(r1).toEqual({
      set: { id: other.id, name: 'drawings', templates: ['a drawing of a {}.'], language: null },
      promptsChanged: false
    })
    expect(stale()).toBe(0)
    const active = p.activeTemplateSetId()!
    expect(p.updateTemplateSet(active, { name: 'renamed only' }).promptsChanged).toBe(false)
    expect(stale()).toBe(0)
    expect(p.updateTemplateSet(active, { templates: ['a photo of a {}.'] }).promptsChanged).toBe(true)
    expect(stale()).toBe(30)
    expect(() => p.updateTemplateSet(active, { templates: ['no placeholder'] })).toThrow(/has no \{\}/)
    expect(p.templateSet(active).templates).toEqual(['a photo of a {}.'])
  })
})
