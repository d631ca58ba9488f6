// Outcomes of the demo model through the compare and adaptation services, on real
// project files of freshly rendered demo-world images (fixed seeds): the compare screen ranks a
// matching template set above a misleading one, the suggested auto-accept threshold holds its
// precision on reviewed images it was not chosen on, and adaptation beats zero-shot on labels
// whose names the model cannot know.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { renderFreshSet, type RenderedImage } from '../demo-world/fresh'
import { compositionPhrase, type Composition } from '../demo-world/world'
import { prelabel } from '../jobs/prelabel'
import { scanProject } from '../jobs/scan'
import { createCompareHandlers } from './handlers/compare'
import type { ServiceContext } from './core/context'
import { projectContext } from './testing/context'

// pairs that differ only in pattern, so a template that asserts a pattern misleads
const CLASSES: Composition[] = [
  { shape: 'circle', colour: 'red', pattern: 'plain' },
  { shape: 'circle', colour: 'red', pattern: 'striped' },
  { shape: 'circle', colour: 'red', pattern: 'dotted' },
  { shape: 'square', colour: 'blue', pattern: 'plain' },
  { shape: 'square', colour: 'blue', pattern: 'striped' },
  { shape: 'square', colour: 'blue', pattern: 'dotted' }
]
const PER_CLASS = 16
const FIGURES = process.env.ZEBRA_DEMO_FIGURES === '1'

let dir = ''
let engine: LoadedClipEngine
const images: (RenderedImage & { label: number })[] = []

function context(project: Project): ServiceContext {
  return projectContext({ project: () => project, engine: () => engine, dataDir: dir })
}

/** a project over the rendered images with these label names; the images with `review(i)` reviewed */
async function projectWith(name: string, labels: string[], review: (i: number) => boolean): Promise<Project> {
  const root = join(dir, 'images')
  const project = Project.create(join(dir, `${name}.zebra`), {
    roots: [root],
    labels: labels.map((n) => ({ name: n })),
    templates: ['a photo of a {}.']
  })
  await scanProject(project)
  await prelabel(project, engine)
  const ids = new Map(
    (project.db.prepare('SELECT id, rel_path FROM images').all() as { id: number; rel_path: string }[]).map(
      (r) => [r.rel_path, r.id]
    )
  )
  const ls = project.labels()
  appendDecisions(
    project.db,
    images
      .map((img, i) => ({ img, i }))
      .filter(({ i }) => review(i))
      .map(({ img }) => ({
        imageId: ids.get(relative(root, img.file).split(sep).join('/'))!,
        kind: 'corrected' as const,
        labelId: ls[img.label].id
      })),
    'tester'
  )
  return project
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-demo-outcomes-'))
  for (const [k, c] of CLASSES.entries()) {
    const part = await renderFreshSet(join(dir, 'images'), {
      count: PER_CLASS,
      seed: 1500 + k,
      pool: [c],
      maxSize: 512,
      prefix: `c${k}`
    })
    images.push(...part.map((p) => ({ ...p, label: k })))
  }
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
})

afterAll(async () => {
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the demo model through the compare screen', () => {
  it('ranks a matching template set above a misleading one', async () => {
    const project = await projectWith(
      'compare',
      CLASSES.map((c) => compositionPhrase(c)),
      () => true
    )
    const misleading = project.saveTemplateSet('misleading', ['a photo of a striped {}.'])
    const offWorld = project.saveTemplateSet('off-world', ['a video game about {}.'])
    const h = createCompareHandlers(context(project))
    const r = await h['compare.run']({
      templateSetIds: [project.activeTemplateSet().id, misleading.id, offWorld.id],
      greedy: false
    })
    const top1 = (name: string): number => r.ensembles.find((e) => e.name === name)!.top1
    const matching = top1(project.activeTemplateSet().name)
    if (FIGURES)
      console.log(
        `compare: matching ${matching}, misleading ${top1('misleading')}, off-world ${top1('off-world')}`
      )
    expect(matching).toBeGreaterThanOrEqual(0.8)
    expect(matching).toBeGreaterThan(top1('misleading') + 0.05)
    project.close()
  })

  it('suggests an auto-accept threshold that holds its precision on other reviewed images', async () => {
    // threshold chosen on the even images, checked on the odd ones (reviewed later)
    const project = await projectWith(
      'threshold',
      CLASSES.map((c) => compositionPhrase(c)),
      (i) => i % 2 === 0
    )
    const h = createCompareHandlers(context(project))
    const r = await h['compare.run']({ greedy: false })
    const t = r.suggestedThreshold
    expect(t).not.toBeNull()
    const labels = project.labels()
    const root = project.roots()[0].path
    let covered = 0
    let right = 0
    images.forEach((img, i) => {
      if (i % 2 === 0) return
      const rel = relative(root, img.file).split(sep).join('/')
      const topk = JSON.parse(
        project.db
          .prepare('SELECT p.topk FROM predictions p JOIN images i ON i.id = p.image_id WHERE i.rel_path = ?')
          .pluck()
          .get(rel) as string
      ) as [number, number][]
      if (topk[0][1] >= t!.threshold - 1e-12) {
        covered++
        if (topk[0][0] === labels[img.label].id) right++
      }
    })
    if (FIGURES)
      console.log(
        `threshold ${t!.threshold} (target ${t!.target}): held-out precision ${right / covered}, coverage ${covered / (images.length / 2)}`
      )
    expect(covered).toBeGreaterThan(images.length / 4)
    expect(right / covered).toBeGreaterThanOrEqual(t!.target - 0.05)
    project.close()
  })
})

describe('the demo model and adaptation', () => {
  it('learns labels whose names it cannot know (class_a ... mapped to compositions)', async () => {
    const names = CLASSES.map((_, k) => `class_${String.fromCharCode(97 + k)}`)
    const project = await projectWith('opaque', names, (i) => i % 3 !== 2)
    const curve = await createCompareHandlers(context(project))['compare.learningCurve']({})
    if (FIGURES) console.log('learning curve', JSON.stringify(curve))
    const last = curve[curve.length - 1]
    expect(last.n).toBeGreaterThan(10)
    expect(last.zeroshot_top1).toBeLessThan(0.5)
    expect(last.adapted_top1).toBeGreaterThan(last.zeroshot_top1 + 0.3)
    project.close()
  })
})
