// The Chinese sample project through the services: project.openSample with language 'zh' opens
// its own file over the same 79 images, its labels the English sample's classes in Chinese (斑马
// told by its description), pre-labelled by the demo model; on the 77 images of the demo world it
// names the same class as the English sample on nearly every image.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../shared/contract'
import { SAMPLE_LABELS } from '../demo-world/sample'
import { SAMPLE_LABELS_ZH } from '../demo-world/sample-zh'
import { createServices, type Services } from './index'

let dir = ''
let s: Services

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

/** pre-labels the open project and returns each world image's zero-shot top-1 label */
async function topLabels(): Promise<Map<string, string>> {
  const { jobId } = await call('prelabel.start', {})
  expect((await s.ctx.jobs.finished(jobId)).state).toBe('done')
  const page = await call('grid.page', { limit: 1000 })
  return new Map(page.rows.filter((r) => r.relPath.startsWith('world-')).map((r) => [r.relPath, r.label]))
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-sample-zh-'))
  s = createServices({
    emit: () => undefined,
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
})

afterAll(async () => {
  await s.dispose()
  rmSync(dir, { recursive: true, force: true })
})

it('the Chinese sample: its own file, Chinese labels and template, the English answers', async () => {
  const en = await call('project.openSample', {})
  const enTop = await topLabels()
  const zh = await call('project.openSample', { language: 'zh' })
  expect(zh.path).not.toBe(en.path)
  expect(zh).toMatchObject({ sample: true, kind: 'single', counts: { images: 79 } })
  expect(zh.roots).toEqual(en.roots)
  expect(zh.labels.map((l) => l.name)).toEqual(SAMPLE_LABELS_ZH.map((l) => l.name))
  expect(zh.labels.find((l) => l.name === '斑马')?.descriptions).toEqual(['黑白条纹的形状'])
  const zhTop = await topLabels()
  expect(zhTop.size).toBe(77)
  // the same class, named in the other language (SAMPLE_LABELS_ZH follows SAMPLE_LABELS' order)
  const toEn = new Map(SAMPLE_LABELS_ZH.map((l, i) => [l.name, SAMPLE_LABELS[i].name]))
  const same = [...zhTop].filter(([f, l]) => toEn.get(l) === enTop.get(f)).length
  const zebras = [...enTop].filter(([, l]) => l === 'zebra')
  const zebrasZh = zebras.filter(([f]) => zhTop.get(f) === '斑马').length
  console.log(
    `sample, 77 world images: Chinese top-1 = English top-1 on ${same}; ` +
      `of the ${zebras.length} the English sample calls zebra, ${zebrasZh} are 斑马 in Chinese`
  )
  expect(same / 77).toBeGreaterThanOrEqual(0.85)
  expect(zebrasZh / zebras.length).toBeGreaterThanOrEqual(0.75)
  expect((await call('project.openSample', { language: 'zh' })).path).toBe(zh.path)
})

it('no Chinese tags sample, and no other language: clear refusals', async () => {
  await expect(call('project.openSample', { kind: 'tags', language: 'zh' })).rejects.toMatchObject({
    code: 'invalid_input',
    message: expect.stringMatching(/tags sample project is in English only/)
  })
  expect(() => invokeSchemas['project.openSample'].parse({ language: 'fr' })).toThrow()
})
