// A full disk while deciding: SQLite answers SQLITE_FULL (forced here with max_page_count, the same
// error a full filesystem gives). The user gets 'disk_full' with a clear message, the failed write
// leaves no trace, and every decision acknowledged before it is still there after reopening.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toAppError } from '../../shared/errors'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { history } from './decision-history'
import { decide } from './ops'
import { Project } from './project'

describe('full disk', () => {
  it('refuses the write with disk_full and loses nothing already acknowledged', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zebra-full-')), 'full.zebra')
    const p = Project.create(file, { roots: [sampleImagesDir()], labels: [{ name: 'cat' }, { name: 'dog' }] })
    await scanProject(p)
    const ids = p.db.prepare("SELECT id FROM images WHERE state = 'ok' ORDER BY id").pluck().all() as number[]
    const cat = p.labelByName('cat')!.id
    // no room for one more page
    const pages = p.db.pragma('page_count', { simple: true }) as number
    p.db.pragma(`max_page_count = ${pages}`)
    const acked: number[] = []
    let failure: unknown = null
    for (let round = 0; round < 200 && !failure; round++) {
      for (const imageId of ids) {
        try {
          decide(p, { imageId, kind: 'corrected', labelId: cat }, 'tester')
          acked.push(imageId)
        } catch (err) {
          failure = err
          break
        }
      }
    }
    expect(acked.length).toBeGreaterThan(0)
    expect(failure).not.toBeNull()
    const e = toAppError(failure)
    expect(e.code).toBe('disk_full')
    expect(e.message).toMatch(/disk is full/i)
    p.close()

    const again = Project.open(file)
    const logged = ids.reduce((n, id) => n + history(again.db, id).length, 0)
    expect(logged).toBe(acked.length)
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok')
    again.close()
  })
})
