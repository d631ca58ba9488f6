// `zebra agreement` as a subprocess from a folder outside the repository, on a real project file
// of the sample images decided by three annotators: its JSON equals the pure functions on the
// same decisions and scikit-learn's cohen_kappa_score per pair; markdown and the table say the
// same; a project with one annotator succeeds and says that agreement needs two.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AgreementReport } from '../../shared/agreement'
import { appendDecisions, type DecideInput } from '../db/decisions'
import { Project } from '../db/project'
import { cohenKappa, krippendorffAlpha, pairwisePercent, type CodeMatrix } from '../eval/agreement'
import { assertSklearn, sklearnKappas } from '../eval/testing/sklearn'
import { scanProject } from '../jobs/scan'
import { mulberry32 } from '../math/rng'
import { sampleImagesDir } from '../paths'
import { runZebra, workDir } from './testing/harness'

const WHO = ['alice', 'bob', 'carol']
let cwd = ''
/** images x annotators as decided: a label id, 0 for a rejection, null for none (skip or nothing) */
const m: CodeMatrix = []

beforeAll(async () => {
  assertSklearn()
  cwd = workDir('zebra-agreement-')
  const p = Project.create(join(cwd, 'team.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]
  })
  await scanProject(p)
  const labels = p.labels().map((l) => l.id)
  const images = p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
  const rnd = mulberry32(26)
  for (let u = 0; u < images.length; u++) {
    const truth = labels[Math.floor(rnd() * labels.length)]!
    m.push(
      WHO.map(() =>
        rnd() < 0.15 ? null : rnd() < 0.65 ? truth : rnd() < 0.4 ? 0 : labels[Math.floor(rnd() * 3)]!
      )
    )
  }
  WHO.forEach((who, col) => {
    const items = images.map((imageId, u): DecideInput => {
      const v = m[u]![col]
      if (v === null) return { imageId, kind: 'skipped' }
      return v === 0 ? { imageId, kind: 'rejected' } : { imageId, kind: 'corrected', labelId: v }
    })
    appendDecisions(p.db, items, who)
  })
  p.close()

  const alone = Project.create(join(cwd, 'alone.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }]
  })
  await scanProject(alone)
  appendDecisions(alone.db, [{ imageId: 1, kind: 'corrected', labelId: alone.labels()[0]!.id }], 'readme')
  alone.close()
}, 60_000)

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
})

it('prints the figures of the pure functions and of scikit-learn', async () => {
  const r = await runZebra(['agreement', 'team.zebra', '--format', 'json'], { cwd })
  expect(r.code, r.stderr).toBe(0)
  const rep = JSON.parse(r.stdout) as AgreementReport
  expect(rep.annotators.map((a) => a.name)).toEqual(WHO)
  expect(rep.labels.map((l) => l.label)).toEqual(['cat', 'dog', 'bird', '(none of these)'])
  expect(rep.alpha).toEqual(krippendorffAlpha(m))
  expect(rep.percent).toEqual(pairwisePercent(m))
  const cols: [number, number][] = [
    [0, 1],
    [0, 2],
    [1, 2]
  ]
  const shared = cols.map(([a, b]) => {
    const rows = m.filter((row) => row[a] !== null && row[b] !== null)
    return [rows.map((row) => row[a]!), rows.map((row) => row[b]!)] as [number[], number[]]
  })
  const sk = sklearnKappas(shared)
  cols.forEach(([a, b], i) => {
    const pair = rep.pairs[i]!
    expect([pair.a, pair.b]).toEqual([WHO[a], WHO[b]])
    expect(pair.shared).toBe(shared[i]![0].length)
    expect(pair.kappa).toEqual(cohenKappa(m, a, b))
    expect(pair.kappa.value).toBeCloseTo(sk[i]!, 10)
  })

  const md = await runZebra(['agreement', 'team.zebra', '--format', 'markdown'], { cwd })
  expect(md.code, md.stderr).toBe(0)
  expect(md.stdout).toContain(`Krippendorff's alpha (nominal): ${rep.alpha.value!.toFixed(3)}`)
  expect(md.stdout).toContain(`| alice | bob | ${rep.pairs[0]!.shared} |`)
  expect(md.stdout).toMatch(/## Per label \(one against the rest\)/)
  const table = await runZebra(['agreement', 'team.zebra'], { cwd })
  expect(table.code, table.stderr).toBe(0)
  expect(table.stdout).toContain(rep.pairs[2]!.kappa.value!.toFixed(3))
})

it('succeeds on a project with one annotator and says agreement needs two', async () => {
  const r = await runZebra(['agreement', 'alone.zebra'], { cwd })
  expect(r.code, r.stderr).toBe(0)
  expect(r.stdout).toContain('Agreement needs decisions by two annotators')
  expect(r.stdout).toContain('one (readme)')
  expect(r.stdout).toContain('– (one annotator)')
})
