// `zebra sample` through the real launcher, from a folder outside the checkout: the app's sample
// project as a file, in English or Chinese, over the demo world's images with the demo model in its
// settings, so `zebra prelabel` needs no --model; a bad choice exits 2 (usage) with a clear message.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SAMPLE_LABELS_ZH } from '../demo-world/sample-zh'
import { runZebra, workDir, type CliRun } from './testing/harness'

let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): Promise<CliRun> => runZebra(args, { cwd, env })

beforeAll(() => {
  cwd = workDir('zebra-cli-sample-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
})

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
})

it('creates the Chinese sample and pre-labels it with the demo model', async () => {
  const made = await zebra('sample', 'zh.zebra', '--language', 'zh')
  expect(made.code, made.stderr).toBe(0)
  expect(made.stderr).toMatch(/Sample project \(Chinese\), 7 labels \(红色圆形, .*斑马\)/)
  const pre = await zebra('prelabel', 'zh.zebra')
  expect(pre.code, pre.stderr).toBe(0)
  const list = await zebra('labels', 'list', 'zh.zebra', '--json')
  expect(list.code, list.stderr).toBe(0)
  const labels = JSON.parse(list.stdout) as { name: string; descriptions: string[] }[]
  expect(labels.map((l) => l.name)).toEqual(SAMPLE_LABELS_ZH.map((l) => l.name))
  expect(labels.find((l) => l.name === '斑马')?.descriptions).toEqual(['黑白条纹的形状'])
  const db = new Database(join(cwd, 'zh.zebra'), { readonly: true, fileMustExist: true })
  try {
    const n = db.prepare('SELECT COUNT(*) FROM predictions').pluck().get() as number
    const template = db.prepare('SELECT templates FROM template_sets').pluck().get() as string
    expect(n).toBe(79)
    expect(JSON.parse(template)).toEqual(['一张{}的照片。'])
  } finally {
    db.close()
  }
})

it('refuses another language, a Chinese tags sample and an existing file, saying why', async () => {
  const fr = await zebra('sample', 'fr.zebra', '--language', 'fr')
  expect(fr.code).toBe(2)
  expect(fr.stderr).toMatch(/--language fr: the sample's labels are in en or zh/)
  const tags = await zebra('sample', 't.zebra', '--tags', '--language', 'zh')
  expect(tags.code).toBe(2)
  expect(tags.stderr).toMatch(/English only/)
  const again = await zebra('sample', 'zh.zebra', '--language', 'zh')
  expect(again.code).toBe(2)
  expect(again.stderr).toMatch(/already exists/)
  const en = await zebra('sample', 'en.zebra', '--tags')
  expect(en.code, en.stderr).toBe(0)
  expect(en.stderr).toMatch(/Sample project \(tags\), 15 tags/)
})
