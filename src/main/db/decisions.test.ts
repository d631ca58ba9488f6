import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendDecisions, appendInTransaction, currentLabel, redo, undo } from './decisions'
import { history } from './decision-history'
import { verifyCurrent } from './verify'
import { acceptRule, bulkDecide, decide } from './ops'
import { Project } from './project'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-dec-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 50, labels: 6, seed: 3 })
})
afterEach(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

const top = (id: number): [number, number][] =>
  JSON.parse(
    (p.db.prepare('SELECT topk FROM predictions WHERE image_id = ?').get(id) as { topk: string }).topk
  )

describe('decision log', () => {
  it('accepted(rank) takes the label of that suggestion; corrected the label given', () => {
    decide(p, { imageId: 1, kind: 'accepted', rank: 2 }, 'ann')
    expect(currentLabel(p.db, 1)).toMatchObject({
      kind: 'accepted',
      labelId: top(1)[1]![0],
      annotator: 'ann'
    })
    const other = p.labels()[5]!.id
    decide(p, { imageId: 1, kind: 'corrected', labelId: other }, 'ann')
    expect(currentLabel(p.db, 1)).toMatchObject({ kind: 'corrected', labelId: other })
    const h = history(p.db, 1)
    expect(h.map((d) => d.kind)).toEqual(['accepted', 'corrected'])
    expect(h[0]!.rank).toBe(2)
  })

  it('is append-only: UPDATE and DELETE are refused by the database', () => {
    decide(p, { imageId: 2, kind: 'skipped' }, 'ann')
    expect(() => p.db.prepare("UPDATE decisions SET kind = 'accepted'").run()).toThrow(/append-only/)
    expect(() => p.db.prepare('DELETE FROM decisions').run()).toThrow(/append-only/)
  })

  it('undo appends a revert and restores the previous decision; redo re-appends', () => {
    decide(p, { imageId: 3, kind: 'accepted', rank: 1 }, 'ann')
    decide(p, { imageId: 3, kind: 'rejected' }, 'ann')
    expect(currentLabel(p.db, 3)?.kind).toBe('rejected')
    expect(undo(p.db, 'ann')?.imageIds).toEqual([3])
    expect(currentLabel(p.db, 3)?.kind).toBe('accepted')
    expect(undo(p.db, 'ann')?.imageIds).toEqual([3])
    expect(currentLabel(p.db, 3)).toBeNull()
    expect(undo(p.db, 'ann')).toBeNull()
    // redo in reverse order of the undos
    expect(redo(p.db, 'ann')?.imageIds).toEqual([3])
    expect(currentLabel(p.db, 3)?.kind).toBe('accepted')
    expect(redo(p.db, 'ann')?.imageIds).toEqual([3])
    expect(currentLabel(p.db, 3)?.kind).toBe('rejected')
    expect(redo(p.db, 'ann')).toBeNull()
    const kinds = history(p.db, 3).map((d) => d.kind)
    expect(kinds).toEqual(['accepted', 'rejected', 'revert', 'revert', 'accepted', 'rejected'])
    expect(verifyCurrent(p.db).mismatches).toBe(0)
  })

  it('a new decision after an undo clears redo', () => {
    decide(p, { imageId: 4, kind: 'skipped' }, 'ann')
    undo(p.db, 'ann')
    decide(p, { imageId: 5, kind: 'unsure' }, 'ann')
    expect(redo(p.db, 'ann')).toBeNull()
  })

  it("undo is per annotator: one cannot undo another's decisions", () => {
    decide(p, { imageId: 6, kind: 'skipped' }, 'alice')
    decide(p, { imageId: 7, kind: 'skipped' }, 'bob')
    expect(undo(p.db, 'alice')?.imageIds).toEqual([6])
    expect(currentLabel(p.db, 7)?.kind).toBe('skipped')
  })

  it('bulk accept by rule is one undoable step', () => {
    const label = p.labels()[0]!.id
    const matches = p.db
      .prepare(
        "SELECT count(*) AS n FROM images WHERE top1_label = ? AND top1_prob >= 0.3 AND rv = 0 AND state = 'ok'"
      )
      .get(label) as { n: number }
    expect(matches.n).toBeGreaterThan(0)
    const n = acceptRule(p, 0.3, 'ann', label)
    expect(n).toBe(matches.n)
    expect(p.counts().byKind.accepted).toBe(n)
    const u = undo(p.db, 'ann')
    expect(u?.imageIds.length).toBe(n)
    expect(p.counts().reviewed).toBe(0)
    redo(p.db, 'ann')
    expect(p.counts().byKind.accepted).toBe(n)
    expect(verifyCurrent(p.db).mismatches).toBe(0)
  })

  it('grid bulk correct sets every image to the label; rejects a correction without label', () => {
    const l = p.labels()[2]!.id
    expect(bulkDecide(p, [8, 9, 9, 10], 'correct', 'ann', l)).toBe(3)
    for (const id of [8, 9, 10]) expect(currentLabel(p.db, id)?.labelId).toBe(l)
    expect(() => bulkDecide(p, [8], 'correct', 'ann')).toThrow(/label/)
  })

  it('renaming a label keeps its decisions (they reference the id)', () => {
    const l = p.labels()[1]!
    decide(p, { imageId: 11, kind: 'corrected', labelId: l.id }, 'ann')
    p.updateLabel(l.id, { name: 'Renamed Thing' })
    expect(currentLabel(p.db, 11)?.label).toBe('Renamed Thing')
    expect(() => p.updateLabel(p.labels()[0]!.id, { name: 'renamed thing' })).toThrow(/already exists/)
  })

  it('a failing item rolls back the whole batch', () => {
    expect(() =>
      appendDecisions(
        p.db,
        [
          { imageId: 12, kind: 'skipped' },
          { imageId: 999999, kind: 'skipped' }
        ],
        'ann',
        'bulk'
      )
    ).toThrow()
    expect(history(p.db, 12)).toEqual([])
  })

  it('a caller holding the transaction appends in it: one batch, all or nothing, no nested savepoint', () => {
    expect(() => appendInTransaction(p.db, [{ imageId: 1, kind: 'skipped' }], 'ann')).toThrow(
      /open transaction/
    )
    const batches = (): number => p.db.prepare('SELECT count(*) FROM batches').pluck().get() as number
    const before = batches()
    expect(() =>
      p.db.transaction(() => {
        appendInTransaction(p.db, [{ imageId: 1, kind: 'skipped' }], 'ann', 'bulk')
        appendInTransaction(p.db, [{ imageId: 2, kind: 'corrected' }], 'ann', 'bulk') // no label: refused
      })()
    ).toThrow(/label chosen/)
    expect(batches()).toBe(before)
    expect(currentLabel(p.db, 1)).toBeNull()
    const ids = p.db.transaction(() =>
      appendInTransaction(
        p.db,
        [
          { imageId: 1, kind: 'skipped' },
          { imageId: 2, kind: 'rejected' }
        ],
        'ann',
        'bulk'
      )
    )()
    expect(ids).toHaveLength(2)
    expect(batches()).toBe(before + 1)
    expect(undo(p.db, 'ann')?.imageIds.sort()).toEqual([1, 2])
    expect(verifyCurrent(p.db).mismatches).toBe(0)
  })
})

describe('durability', () => {
  it('every decision acknowledged before SIGKILL is in the log after reopening', async () => {
    const file = p.path
    p.close()
    const child = spawn(
      process.execPath,
      ['-r', 'tsx/cjs', join(__dirname, 'testing', 'hold-child.ts'), 'decide', file, '1', '100000'],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const acked: number[] = []
    let buf = ''
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString()
        const lines = buf.split('\n')
        buf = lines.pop()!
        for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)))
        if (acked.length >= 200 && !child.killed) child.kill('SIGKILL')
      })
      child.on('exit', () => resolve())
    })
    expect(acked.length).toBeGreaterThanOrEqual(200)
    p = Project.open(file)
    expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok')
    const ids = new Set(p.db.prepare('SELECT id FROM decisions WHERE image_id = 1').pluck().all() as number[])
    for (const id of acked) expect(ids.has(id)).toBe(true)
    // no half-written batch: every batch row has its decision
    const orphan = p.db
      .prepare(
        'SELECT count(*) FROM batches b WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.batch_id = b.id)'
      )
      .pluck()
      .get()
    expect(orphan).toBe(0)
    expect(verifyCurrent(p.db).mismatches).toBe(0)
  })
})
