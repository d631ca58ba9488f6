// A decision on an image that could not be read is refused, saying it is unreadable (not "pre-label
// it first"), and nothing counts as reviewed: nobody saw the picture.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebraSync, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  cwd = workDir('zebra-decide-unreadable-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  mkdirSync(join(cwd, 'images'))
  copyFileSync(join(cwd, 'photos', 'photo_coffee.jpg'), join(cwd, 'images', 'good.jpg'))
  writeFileSync(join(cwd, 'images', 'broken.jpg'), 'not a jpeg at all')
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const zebra = (...args: string[]): ReturnType<typeof runZebraSync> => runZebraSync(args, { cwd, env })

function image(rel: string): { id: number; state: string } {
  const db = new Database(join(cwd, 'p.zebra'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT id, state FROM images WHERE rel_path = ?').get(rel) as {
      id: number
      state: string
    }
  } finally {
    db.close()
  }
}

describe('review decide on an unreadable image', () => {
  it('is refused for every kind, saying the image is unreadable; nothing is reviewed', () => {
    expect(zebra('init', 'p.zebra', '--images', 'images', '--labels', 'cup,cat', '--scan').code).toBe(0)
    expect(zebra('prelabel', 'p.zebra', '--model', 'demo').code).toBe(0)
    const broken = image('broken.jpg')
    expect(broken.state).toBe('unreadable')
    for (const args of [['accepted'], ['corrected', '--label', 'cup'], ['rejected']]) {
      const r = zebra('review', 'decide', 'p.zebra', String(broken.id), ...args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr).toMatch(
        new RegExp(`Image ${broken.id} \\(broken\\.jpg\\) is unreadable.*: it cannot be decided`)
      )
      expect(r.stderr).not.toMatch(/pre-label it first/)
    }
    const status = JSON.parse(zebra('status', 'p.zebra', '--json').stdout) as { reviewed: number }
    expect(status.reviewed).toBe(0)
    // a readable image is decided as before
    expect(zebra('review', 'decide', 'p.zebra', String(image('good.jpg').id), 'accepted').code).toBe(0)
  })
})
