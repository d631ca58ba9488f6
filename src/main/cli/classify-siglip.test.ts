// zebra classify on a SigLIP 2 folder as published (the tiny 224 px fixture), the real launcher in a
// child process from a working directory outside the repository: single-label top-5 shows the
// model's own sigmoid probabilities, and --tags the same numbers as each tag's cold start.
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { siglipDir, siglipJson, type SiglipZeroshotRef } from '../clip/siglip-fixtures'
import { runZebra, workDir, type CliRun } from './testing/harness'

const CWD = workDir('zebra-cli-siglip-')
const ref = siglipJson<SiglipZeroshotRef>('siglip2-224', 'zeroshot.json')
const common = ['--model', siglipDir('siglip2-224'), '--labels', ref.classes.join(','), '--format', 'json']
const templates = ref.templates.flatMap((t) => ['--template', t.replace('{}', '{label}')])
const files = ref.images.map((im) => `photos/${im.image}`)

function zebra(args: string[]): Promise<CliRun> {
  return runZebra(['classify', ...common, ...templates, ...args, ...files], { cwd: CWD })
}

const rows = <T>(run: CliRun): T[] =>
  run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T)

afterAll(() => rmSync(CWD, { recursive: true, force: true }))

describe('zebra classify with SigLIP 2', () => {
  it("prints the top-5 as the model's sigmoid probabilities, in the reference's order", async () => {
    const run = await zebra([])
    expect(run.code, run.stderr).toBe(0)
    const out = rows<{ file: string; top: { label: string; prob: number }[] }>(run)
    expect(out).toHaveLength(ref.images.length)
    out.forEach((row, i) => {
      const want = ref.images[i]
      expect(row.top.map((t) => t.label)).toEqual(want.top5)
      for (const t of row.top) expect(t.prob).toBeCloseTo(want.probs[ref.classes.indexOf(t.label)], 4)
      // independent sigmoids, not shares of one softmax
      expect(row.top.reduce((s, t) => s + t.prob, 0)).not.toBeCloseTo(1, 2)
    })
  })

  it('gives --tags the same probabilities as its cold start, and refuses --negatives', async () => {
    const run = await zebra(['--tags'])
    expect(run.code, run.stderr).toBe(0)
    const out = rows<{ tags: { label: string; prob: number }[] }>(run)
    out.forEach((row, i) => {
      for (const t of row.tags)
        expect(t.prob).toBeCloseTo(ref.images[i].probs[ref.classes.indexOf(t.label)], 4)
    })
    const neg = await zebra(['--tags', '--negatives', 'a photo'])
    expect(neg.code).not.toBe(0)
    expect(neg.stderr).toMatch(/--negatives does not apply to this model/)
  })
})
