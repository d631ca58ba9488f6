// Labels, descriptions, templates and names have one limit, the contract's (shared/invoke.ts), in
// the CLI as in the app and the bridge: too long, or with a control character (a NUL from a labels
// file would land raw in labels.csv), is refused with the reason, exit 2, and nothing is stored.
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeSchemas } from '../../shared/contract'
import { runZebraSync, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  cwd = workDir('zebra-text-limits-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const zebra = (...args: string[]): ReturnType<typeof runZebraSync> => runZebraSync(args, { cwd, env })
const labelsIn = (file: string): string[] => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT name FROM labels ORDER BY id').pluck().all() as string[]
  } finally {
    db.close()
  }
}

describe('one limit for labels and templates', () => {
  it('init refuses a label over 200 characters, a NUL from a labels file and a long template', () => {
    writeFileSync(join(cwd, 'nul.txt'), 'dog\nca\u0000t\n')
    for (const [args, why] of [
      [['--labels', 'x'.repeat(10_000)], /"x{40}…": a label name is longer than 200 characters\./],
      [['--labels-file', 'nul.txt'], /"ca\\u0000t": a label name contains a control character/],
      [
        ['--labels', 'cat', '--templates', `a photo of a {}${'!'.repeat(500)}`],
        /a template is longer than 500/
      ]
    ] as const) {
      const r = zebra('init', 'p.zebra', '--images', 'photos', ...args)
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(why)
      expect(existsSync(join(cwd, 'p.zebra'))).toBe(false)
    }
  })

  it('labels add|rename|describe and templates add refuse what the app refuses', () => {
    expect(zebra('init', 'q.zebra', '--images', 'photos', '--labels', 'cat').code).toBe(0)
    for (const [args, why] of [
      [['labels', 'add', 'q.zebra', 'd'.repeat(201)], /a label name is longer than 200/],
      [['labels', 'add', 'q.zebra', 'tab\there'], /a label name contains a control character/],
      [
        ['labels', 'add', 'q.zebra', 'dog', '--description', 'y'.repeat(501)],
        /a label description is longer than 500/
      ],
      [['labels', 'rename', 'q.zebra', 'cat', 'c'.repeat(300)], /a label name is longer than 200/],
      [
        ['labels', 'describe', 'q.zebra', 'cat', 'line\nbreak'],
        /a label description contains a control character/
      ],
      [['templates', 'add', 'q.zebra', 'long', `a {}${'.'.repeat(600)}`], /a template is longer than 500/]
    ] as const) {
      const r = zebra(...args)
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(why)
    }
    expect(labelsIn(join(cwd, 'q.zebra'))).toEqual(['cat'])
  })

  it('the CLI and the bridge refuse by the same schema', () => {
    const r = invokeSchemas['labels.add'].safeParse({ labels: [{ name: 'ca\u0000t' }] })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.message).toMatch(/a label name contains a control character/)
  })
})
