// zebra classify --tags end to end: the real launcher in a child process from a temp working
// directory outside the repository, on the demo model and generated shapes it knows.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeShapeDataset } from '../adapt/testing/shapes'
import { runZebra, workDir, type CliRun } from './testing/harness'

const CWD = workDir('zebra-cli-tags-')

function zebra(args: string[]): Promise<CliRun> {
  return runZebra(['classify', '--model', 'demo', ...args], { cwd: CWD })
}

interface Row {
  file: string
  tags: { label: string; prob: number; score: number }[]
}

const rowsOf = (run: CliRun): Row[] =>
  run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row)

const tagOf = (row: Row, label: string): Row['tags'][number] => {
  const t = row.tags.find((e) => e.label === label)
  if (!t) throw new Error(`${row.file}: no tag ${label}`)
  return t
}

const LABELS = 'red circle,blue square,cat'
let base: Row[] = []

beforeAll(async () => {
  // class_a: red circles, class_b: blue squares, …, class_e: purple crosses (adapt/testing/shapes.ts)
  await writeShapeDataset(join(CWD, 'shapes'), { perClass: 2, seed: 1 })
  const run = await zebra(['--tags', '--labels', LABELS, '--format', 'json', 'shapes'])
  expect(run.code, run.stderr).toBe(0)
  base = rowsOf(run)
})

afterAll(() => rmSync(CWD, { recursive: true, force: true }))

describe('zebra classify --tags', () => {
  it("prints every tag's own probability, sigmoid(scale · score), most probable first", () => {
    expect(base).toHaveLength(10)
    for (const row of base) {
      expect(row.file).toMatch(/^shapes\/class_[a-e]\/00[01]\.png$/)
      expect(row.tags.map((t) => t.label).sort()).toEqual(['blue square', 'cat', 'red circle'])
      for (const t of row.tags) {
        expect(t.prob).toBeGreaterThanOrEqual(0)
        expect(t.prob).toBeLessThanOrEqual(1)
        expect(t.prob).toBeCloseTo(1 / (1 + Math.exp(-100 * t.score)), 12)
      }
      const probs = row.tags.map((t) => t.prob)
      expect(probs).toEqual([...probs].sort((a, b) => b - a))
    }
  })

  it('is not a softmax across tags: each stands alone, and the shapes the model knows read present', async () => {
    const sums = base.map((r) => r.tags.reduce((s, t) => s + t.prob, 0))
    // yellow stripes and purple crosses are none of the three tags: all three read absent
    expect(Math.min(...sums)).toBeLessThan(0.5)
    for (const row of base.filter((r) => r.file.includes('class_a'))) {
      expect(tagOf(row, 'red circle').prob).toBeGreaterThan(0.5)
      expect(tagOf(row, 'blue square').prob).toBeLessThan(0.5)
    }
    for (const row of base.filter((r) => r.file.includes('class_b')))
      expect(tagOf(row, 'blue square').prob).toBeGreaterThan(0.5)
    // adding a tag changes no other tag's probability (--temperature is the scale)
    const more = await zebra(['--tags', '--labels', `${LABELS},green triangle`, '--format', 'json', 'shapes'])
    expect(more.code, more.stderr).toBe(0)
    rowsOf(more).forEach((row, i) => {
      expect(row.tags).toHaveLength(4)
      for (const label of ['red circle', 'blue square', 'cat']) {
        expect(tagOf(row, label).score).toBeCloseTo(tagOf(base[i], label).score, 5)
        expect(Math.abs(tagOf(row, label).prob - tagOf(base[i], label).prob)).toBeLessThan(1e-3)
      }
    })
  })

  it('--negatives replaces the neutral prompts; --temperature is the scale', async () => {
    const run = await zebra([
      '--tags',
      '--labels',
      LABELS,
      '--template',
      'a photo of a {}.',
      '--negatives',
      'a photo of a red circle.',
      '--temperature',
      '10',
      '--format',
      'json',
      'shapes/class_a/000.png'
    ])
    expect(run.code, run.stderr).toBe(0)
    const [row] = rowsOf(run)
    // its one prompt measured against itself: "red circle" scores 0, probability ½
    expect(tagOf(row, 'red circle').score).toBeCloseTo(0, 5)
    expect(tagOf(row, 'red circle').prob).toBeCloseTo(0.5, 4)
    for (const t of row.tags) expect(t.prob).toBeCloseTo(1 / (1 + Math.exp(-10 * t.score)), 12)
    expect(tagOf(row, 'blue square').score).not.toBeCloseTo(tagOf(base[0], 'blue square').score, 3)
  })

  it('prints a table, and takes --labels-file and --preset', async () => {
    const table = await zebra(['--tags', '--labels', LABELS, '--format', 'table', 'shapes/class_a'])
    expect(table.code, table.stderr).toBe(0)
    const lines = table.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    for (const l of lines)
      expect(l).toMatch(/^shapes\/class_a\/00[01]\.png {2}red circle \d+\.\d%( {2}\S.* (<|>)?\d+\.\d%){2}$/)
    writeFileSync(join(CWD, 'tags.txt'), 'red circle: round; red\n# a comment\nblue square\n')
    const file = await zebra(['--tags', '--labels-file', 'tags.txt', '--format', 'json', 'shapes/class_b'])
    expect(file.code, file.stderr).toBe(0)
    for (const row of rowsOf(file))
      expect(row.tags.map((t) => t.label).sort()).toEqual(['blue square', 'red circle'])
    const preset = await zebra([
      '--tags',
      '--preset',
      'cifar10',
      '--format',
      'json',
      'photos/photo_chelsea.jpg'
    ])
    expect(preset.code, preset.stderr).toBe(0)
    expect(rowsOf(preset)[0].tags).toHaveLength(10)
  })

  it('scores the readable images, says which were not, and exits 1', async () => {
    writeFileSync(join(CWD, 'shapes', 'class_a', 'broken.png'), 'not a PNG')
    try {
      const run = await zebra(['--tags', '--labels', LABELS, '--format', 'json', 'shapes/class_a'])
      expect(run.code).toBe(1)
      expect(rowsOf(run).map((r) => r.file)).toEqual(['shapes/class_a/000.png', 'shapes/class_a/001.png'])
      expect(run.stderr).toMatch(/broken\.png: cannot read image/)
      expect(run.stderr).toMatch(/1 of 3 images could not be read/)
    } finally {
      rmSync(join(CWD, 'shapes', 'class_a', 'broken.png'))
    }
  })

  it('refuses no tags and options that do not apply, with a clear message and exit 2', async () => {
    const none = await zebra(['--tags', '--labels', ' , ', 'shapes'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no labels given/)
    expect(none.stdout).toBe('')
    writeFileSync(join(CWD, 'empty.txt'), '# nothing here\n')
    const empty = await zebra(['--tags', '--labels-file', 'empty.txt', 'shapes'])
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/no labels given/)
    const top = await zebra(['--tags', '--labels', LABELS, '--top', '2', 'shapes'])
    expect(top.code).toBe(2)
    expect(top.stderr).toMatch(/--top does not apply with --tags/)
    const negOnly = await zebra(['--labels', LABELS, '--negatives', 'a photo.', 'shapes'])
    expect(negOnly.code).toBe(2)
    expect(negOnly.stderr).toMatch(/--negatives needs --tags/)
    const noNeg = await zebra(['--tags', '--labels', LABELS, '--negatives', ',', 'shapes'])
    expect(noNeg.code).toBe(2)
    expect(noNeg.stderr).toMatch(/--negatives: no prompts given/)
  })
})
