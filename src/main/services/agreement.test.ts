// The agreement room (through the saved-state wrapper, as createServices composes it) on real
// project files of the sample images: each annotator's latest own decision counts (an undo brings
// the earlier one back, another annotator's later decision hides nothing), rejections are "none of
// these", skips and unsure count nowhere, a merged label counts as the label it went into, a tags
// project is measured tag by tag, and the last report is kept in the project file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Handlers } from '../../shared/contract'
import { appendDecisions, undo, type DecideInput } from '../db/decisions'
import { mergeLabel } from '../db/labels'
import { Project } from '../db/project'
import { writeSaved } from '../db/saved-state'
import { cohenKappa, krippendorffAlpha, type CodeMatrix } from '../eval/agreement'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { withSavedState, type UnsavedHandlers } from './core/saved'
import { createAgreementHandlers } from './handlers/agreement'
import { projectContext } from './testing/context'

let dir = ''
const open: Project[] = []

async function sampleProject(name: string, kind: 'single' | 'tags'): Promise<Project> {
  const p = Project.create(join(dir, name), {
    roots: [sampleImagesDir()],
    kind,
    labels: [{ name: 'red' }, { name: 'blue' }, { name: 'circle' }, { name: 'striped' }]
  })
  open.push(p)
  await scanProject(p)
  return p
}

function room(p: Project): Handlers {
  const ctx = projectContext({ project: () => p, engine: () => null, dataDir: dir })
  return withSavedState(ctx, createAgreementHandlers(ctx) as unknown as UnsavedHandlers)
}

const ids = (p: Project): number[] =>
  p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
const label = (p: Project, name: string): number => p.labels().find((l) => l.name === name)!.id

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-agreement-'))
})
afterAll(() => {
  for (const p of open) p.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('one label per image', () => {
  it('counts each annotator’s latest live decision and keeps the report', async () => {
    const p = await sampleProject('single.zebra', 'single')
    const [i1, i2, i3, i4, i5, i6] = ids(p)
    const red = label(p, 'red')
    const blue = label(p, 'blue')
    const circle = label(p, 'circle')
    const c = (imageId: number, labelId: number): DecideInput => ({ imageId, kind: 'corrected', labelId })
    appendDecisions(p.db, [c(i1!, red), c(i2!, blue), c(i3!, circle), c(i4!, red)], 'alice')
    appendDecisions(
      p.db,
      [
        { imageId: i5!, kind: 'rejected' },
        { imageId: i6!, kind: 'skipped' }
      ],
      'alice'
    )
    appendDecisions(
      p.db,
      [c(i1!, red), c(i2!, red), c(i3!, circle), { imageId: i5!, kind: 'rejected' }],
      'bob'
    )
    appendDecisions(p.db, [c(i6!, blue)], 'bob')
    // bob changes his mind on image 4 and takes it back: his earlier "blue" counts
    appendDecisions(p.db, [c(i4!, blue)], 'bob')
    appendDecisions(p.db, [c(i4!, circle)], 'bob')
    undo(p.db, 'bob')
    // carol's unsure on image 1 is no label; a later decision by alice hides none of bob's
    appendDecisions(p.db, [{ imageId: i1!, kind: 'unsure', labelId: red }, c(i2!, blue)], 'carol')
    // merged: "circle" now counts as "striped"
    mergeLabel(p.db, circle, label(p, 'striped'))
    const striped = label(p, 'striped')

    const h = room(p)
    expect(await h['agreement.saved']({})).toBeNull()
    const r = await h['agreement.report']({})
    // what each decided, by hand: units i1..i6, columns alice, bob, carol; 0 = none of these
    const m: CodeMatrix = [
      [red, red, null],
      [blue, red, blue],
      [striped, striped, null],
      [red, blue, null],
      [0, 0, null],
      [null, blue, null]
    ]
    expect(r.kind).toBe('single')
    expect(r.annotators).toEqual([
      { name: 'alice', decided: 5 },
      { name: 'bob', decided: 6 },
      { name: 'carol', decided: 1 }
    ])
    expect(r.units).toBe(5)
    expect(r.alpha).toEqual(krippendorffAlpha(m))
    const ab = r.pairs.find((x) => x.a === 'alice' && x.b === 'bob')!
    expect(ab.shared).toBe(5)
    expect(ab.percent.value).toBeCloseTo(3 / 5, 12)
    expect(ab.kappa).toEqual(cohenKappa(m, 0, 1))
    const bc = r.pairs.find((x) => x.a === 'bob' && x.b === 'carol')!
    expect(bc.shared).toBe(1)
    expect(bc.kappa.withheld?.code).toBe('too_few')
    expect(r.labels.map((l) => l.label)).toEqual(['red', 'blue', 'striped', '(none of these)'])
    const none = r.labels.find((l) => l.labelId === null)!
    expect(none.decisions).toBe(2)
    expect(none.alpha.value).toBe(1)
    expect(r.note).toBeNull()

    const saved = await h['agreement.saved']({})
    expect(saved?.report).toEqual(r)
    expect(Date.parse(saved!.savedAt)).not.toBeNaN()
    // kept in the file: another connection reads it; a damaged row reads as nothing saved
    const again = Project.open(p.path)
    open.push(again)
    expect((await room(again)['agreement.saved']({}))?.report).toEqual(r)
    writeSaved(again.db, 'agreement.report', { kind: 'single', pairs: 'not a list' })
    expect(await room(again)['agreement.saved']({})).toBeNull()
  })

  it('with one annotator says agreement needs two, and withholds every figure', async () => {
    const p = await sampleProject('alone.zebra', 'single')
    const [i1] = ids(p)
    appendDecisions(p.db, [{ imageId: i1!, kind: 'corrected', labelId: label(p, 'red') }], 'readme')
    const r = await room(p)['agreement.report']({})
    expect(r.note).toMatch(/needs decisions by two annotators.*one \(readme\)/)
    expect(r.alpha).toEqual({ value: null, withheld: { code: 'one_annotator', message: r.note } })
    expect(r.pairs).toEqual([])
    expect(r.labels[0]!.alpha.withheld?.code).toBe('one_annotator')
  })
})

describe('tags project', () => {
  it('measures each tag on the (image, tag) pairs both decided; unsure counts nowhere', async () => {
    const p = await sampleProject('tags.zebra', 'tags')
    const [i1, i2, i3] = ids(p)
    const [red, blue, circle] = ['red', 'blue', 'circle'].map((n) => label(p, n))
    const t = (imageId: number, labelId: number, kind: 'accepted' | 'rejected' | 'unsure'): DecideInput => ({
      imageId,
      kind,
      labelId
    })
    appendDecisions(
      p.db,
      [
        t(i1!, red!, 'accepted'),
        t(i1!, blue!, 'rejected'),
        t(i2!, red!, 'accepted'),
        t(i3!, red!, 'rejected')
      ],
      'alice'
    )
    appendDecisions(p.db, [t(i1!, circle!, 'unsure'), { imageId: i2!, kind: 'skipped' }], 'alice')
    appendDecisions(
      p.db,
      [
        t(i1!, red!, 'accepted'),
        t(i1!, blue!, 'accepted'),
        t(i2!, red!, 'rejected'),
        t(i3!, red!, 'rejected')
      ],
      'bob'
    )
    appendDecisions(p.db, [t(i1!, circle!, 'rejected')], 'bob')
    const r = await room(p)['agreement.report']({})
    expect(r.unit).toBe('image-tag')
    // pooled units: (1,red) (1,blue) (2,red) (3,red) both decided; (1,circle) bob only
    const pooled: CodeMatrix = [
      [1, 1],
      [0, 1],
      [1, 0],
      [0, 0],
      [null, 0]
    ]
    expect(r.units).toBe(4)
    expect(r.alpha).toEqual(krippendorffAlpha(pooled))
    expect(r.pairs[0]!.kappa).toEqual(cohenKappa(pooled, 0, 1))
    expect(r.percent.value).toBe(0.5)
    const redTag = r.labels.find((l) => l.label === 'red')!
    expect(redTag.units).toBe(3)
    expect(redTag.decisions).toBe(3)
    expect(redTag.alpha).toEqual(
      krippendorffAlpha([
        [1, 1],
        [1, 0],
        [0, 0]
      ])
    )
    expect(r.labels.find((l) => l.label === 'circle')!.alpha.withheld?.code).toBe('too_few')
  })
})
