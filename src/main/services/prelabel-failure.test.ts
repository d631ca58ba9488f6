// The app's side of a pre-label that could not do its work: real preprocessing worker threads die
// (the pool's test hook), and the job ends 'failed' with the reason (what the app shows as an
// error), never 'done'; no image is blamed, and a rerun with healthy workers does the work.
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type EventChannel,
  type EventMap,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type JobProgress
} from '../../shared/contract'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir = ''
let s: Services
const finished = new Map<string, (p: JobProgress) => void>()
const ended = new Map<string, JobProgress>()

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

/** Resolves on the job's final job.progress event. */
function jobEnd(jobId: string): Promise<JobProgress> {
  const done = ended.get(jobId)
  if (done) return Promise.resolve(done)
  return new Promise((ok) => finished.set(jobId, ok))
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-services-fail-'))
  cpSync(sampleImagesDir(), join(dir, 'photos'), { recursive: true })
  s = createServices({
    emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => {
      if (ch !== 'job.progress') return
      const p = payload as JobProgress
      if (p.state === 'running') return
      ended.set(p.jobId, p)
      finished.get(p.jobId)?.(p)
    },
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
  process.env.ZEBRA_PREPROCESS_WORKERS = '2'
})

afterAll(() => {
  delete process.env.ZEBRA_PREPROCESS_WORKERS
  delete process.env.ZEBRA_TEST_PREPROCESS_CRASH
})

describe('prelabel job when the preprocessing workers die', () => {
  it("ends 'failed' with what failed and what to do, then a rerun is 'done'", async () => {
    await call('model.useDemo', {})
    await call('project.create', {
      path: join(dir, 'p.zebra'),
      roots: [join(dir, 'photos')],
      labels: [{ name: 'cat' }, { name: 'dog' }]
    })
    const scan = (await call('jobs.list', {})).find((j) => j.kind === 'scan')
    if (scan) await jobEnd(scan.jobId)

    process.env.ZEBRA_TEST_PREPROCESS_CRASH = 'always'
    const bad = await jobEnd((await call('prelabel.start', { batch: 4 })).jobId)
    delete process.env.ZEBRA_TEST_PREPROCESS_CRASH
    expect(bad.state).toBe('failed')
    expect(bad.error?.message).toMatch(/preprocessing workers keep dying.*run it again to resume/)
    expect((await call('project.summary', {}))!.counts).toMatchObject({ images: 13, unreadable: 0 })

    const good = await jobEnd((await call('prelabel.start', { batch: 4 })).jobId)
    expect(good).toMatchObject({ state: 'done', done: 13, total: 13 })
  })

  it('a worker that dies once is replaced, the job is done, and its message says so', async () => {
    await call('project.create', {
      path: join(dir, 'q.zebra'),
      roots: [join(dir, 'photos')],
      labels: [{ name: 'cat' }, { name: 'dog' }]
    })
    const scan = (await call('jobs.list', {})).find((j) => j.kind === 'scan' && j.state === 'running')
    if (scan) await jobEnd(scan.jobId)
    process.env.ZEBRA_TEST_PREPROCESS_CRASH = 'once:2'
    const job = await jobEnd((await call('prelabel.start', { batch: 4 })).jobId)
    delete process.env.ZEBRA_TEST_PREPROCESS_CRASH
    expect(job).toMatchObject({ state: 'done', done: 13, total: 13 })
    expect(job.message).toMatch(/13 pre-labelled, 0 unreadable; a preprocessing worker died .* was replaced/)
  })
})
