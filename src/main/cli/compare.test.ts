// `zebra compare` end to end in child processes, on a project made with the project commands:
// init + scan, prelabel with the demo model, import-labels as ground truth.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompareReport, LearningCurvePoint } from '../../shared/report'
import { SHAPE_CLASSES, writeShapeDataset } from '../adapt/testing/shapes'

const run = promisify(execFile)
const BIN = resolve(__dirname, '../../../bin/zebra.js')
let dir = ''
let project = ''
let env: NodeJS.ProcessEnv

async function zebra(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd: dir, env, maxBuffer: 50 * 1024 * 1024 })
    return { ...r, code: 0 }
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number }
    return { stdout: e.stdout, stderr: e.stderr, code: e.code }
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-cli-compare-'))
  env = { ...process.env, ZEBRA_HOME: join(dir, 'home'), ZEBRA_ANNOTATOR: 'tester' }
  const images = join(dir, 'images')
  const shapes = await writeShapeDataset(images, { perClass: 10, seed: 2 })
  const csv = join(dir, 'truth.csv')
  writeFileSync(
    csv,
    `path,label\n${shapes
      .filter((_, i) => i % 4 !== 3)
      .map((s) => `${relative(images, s.file).split('\\').join('/')},${SHAPE_CLASSES[s.label].name}`)
      .join('\n')}\n`
  )
  project = join(dir, 'shapes.zebra')
  const labels = SHAPE_CLASSES.map((c) => c.name).join(',')
  for (const args of [
    ['init', project, '--images', images, '--labels', labels, '--scan'],
    ['prelabel', project, '--model', 'demo'],
    ['import-labels', project, '--csv', csv]
  ]) {
    const r = await zebra(...args)
    expect(r.code, r.stderr).toBe(0)
  }
}, 120_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('zebra compare', () => {
  it('prints a JSON report with the documented schema, deterministically', async () => {
    const r = await zebra('compare', project, '--format', 'json')
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as CompareReport
    expect(report.images).toBe(38)
    expect(report.labels).toEqual(SHAPE_CLASSES.map((c) => c.name))
    expect(report.templates.length).toBe(7)
    for (const t of report.templates) {
      expect(typeof t.template).toBe('string')
      expect(t.top1).toBeGreaterThanOrEqual(0)
      expect(t.top5).toBeGreaterThanOrEqual(t.top1)
    }
    expect(report.ensembles[0]).toMatchObject({ name: 'ImageNet 7 (CLIP forward selection)' })
    expect(report.ensembles.every((e) => typeof e.top1 === 'number' && typeof e.top5 === 'number')).toBe(true)
    expect(report.greedy?.heldOutImages).toBeGreaterThan(0)
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(38)
    // 38 reviewed images are too few to judge an auto-accept threshold: none is suggested
    expect(report.suggestedThreshold).toBeNull()
    expect(report.thresholdWithheld).toMatchObject({ reason: 'too_few', images: 38, classes: 5 })
    const again = JSON.parse((await zebra('compare', project, '--format', 'json')).stdout) as CompareReport
    expect({ ...again, timingMs: 0 }).toEqual({ ...report, timingMs: 0 })
  })

  it('evaluates a templates file and a preset, writing markdown to --out', async () => {
    const tf = join(dir, 'mine.txt')
    writeFileSync(tf, '# candidates\na photo of a {}.\na drawing of a {}.\n')
    const out = join(dir, 'report.md')
    const r = await zebra('compare', project, '--templates-file', tf, '--preset', 'CIFAR10', '--out', out)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('')
    const md = readFileSync(out, 'utf8')
    expect(md).toMatch(/^# Template comparison/)
    expect(md).toContain('| mine | 2 |')
    expect(md).toContain('CIFAR10 (preset)')
    expect(md).toContain('`a drawing of a {}.`')
    expect(md).toContain('Too few reviewed images (38) to suggest an auto-accept threshold')
    expect(md).not.toMatch(/probability ≥/)
  })

  it('prints the learning curve as JSON', async () => {
    const r = await zebra('compare', project, '--learning-curve', '--format', 'json')
    expect(r.code, r.stderr).toBe(0)
    const points = JSON.parse(r.stdout) as LearningCurvePoint[]
    expect(points.length).toBeGreaterThan(2)
    for (const p of points) expect(Object.keys(p).sort()).toEqual(['adapted_top1', 'n', 'zeroshot_top1'])
    const last = points[points.length - 1]
    expect(last.adapted_top1).toBeGreaterThan(last.zeroshot_top1)
  })

  it('exits 2 on a bad format and 1 on a missing project, with a message', async () => {
    const bad = await zebra('compare', project, '--format', 'xml')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format must be json or markdown')
    const missing = await zebra('compare', join(dir, 'nope.zebra'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/zebra: .+/)
  })
})
