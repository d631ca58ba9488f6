// Test-only: a project over real image files for the export and import tests. 14 images in two
// folders (a/, "b ü/") with clashing names (a/X.png, "b ü"/x.png), labels cat, cup/mug (a slash:
// not a folder name) and rocket, predictions written directly (top-3), all accepted, one
// corrected and one rejected: 13 exported, every label on 4 or more images.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appendDecisions } from '../../db/decisions'
import { currentLabelNames, imageFileRows } from '../../db/image-index'
import { decide } from '../../db/ops'
import { predictionWriter, registerModel } from '../../db/predictions'
import { Project } from '../../db/project'
import { sampleImagesDir } from '../../paths'

export interface Fixture {
  dir: string
  root: string
  project: Project
  /** rel_path -> image id */
  ids: Map<string, number>
}

const FIRST: Record<string, string> = {
  'photo_chelsea.jpg': 'cat',
  'alpha_200x200.png': 'cat',
  'photo_coffee.jpg': 'cup/mug',
  'square_224x224.png': 'cup/mug'
}

/** The project scan (jobs/), passed in by the test: a module of export/ may not import it. */
export type Scan = (p: Project) => Promise<unknown>

export async function makeFixture(scanProject: Scan, prefix = 'zebra-formats-'): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const root = join(dir, 'images')
  const files = [
    'photo_chelsea.jpg',
    'alpha_200x200.png',
    'photo_coffee.jpg',
    'square_224x224.png',
    'photo_rocket.jpg',
    'gray_257x129.png'
  ]
  for (const sub of ['a', 'b ü']) {
    mkdirSync(join(root, sub), { recursive: true })
    for (const f of files) copyFileSync(join(sampleImagesDir(), f), join(root, sub, f))
  }
  copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), join(root, 'a', 'X.png'))
  copyFileSync(join(sampleImagesDir(), 'wide_1000x100.webp'), join(root, 'b ü', 'x.webp'))
  const project = Project.create(join(dir, 'p.zebra'), {
    roots: [root],
    labels: [{ name: 'cat' }, { name: 'cup/mug' }, { name: 'rocket' }]
  })
  await scanProject(project)
  const byName = new Map(project.labels().map((l) => [l.name, l.id]))
  registerModel(project.db, { modelId: 'm1', name: 'tiny', dir: '/m', variant: 'fp32', embedDim: 4 })
  const key = {
    modelId: 'm1',
    labelVersion: project.labelVersion,
    templateSetId: project.activeTemplateSetId()!
  }
  const ids = new Map(imageFileRows(project.db).map((r) => [r.rel_path, r.id]))
  project.db.transaction(() => {
    const w = predictionWriter(project.db, key)
    for (const [rel, id] of ids) {
      const first = byName.get(FIRST[rel.split('/').pop()!] ?? 'rocket')!
      const others = [...byName.values()].filter((l) => l !== first)
      w.prediction(id, [
        [first, 0.7],
        [others[0]!, 0.2],
        [others[1]!, 0.1]
      ])
    }
  })()
  appendDecisions(
    project.db,
    [...ids.values()].map((imageId) => ({ imageId, kind: 'accepted' as const, rank: 1 })),
    'ann',
    'bulk'
  )
  decide(
    project,
    { imageId: ids.get('a/photo_rocket.jpg')!, kind: 'corrected', labelId: byName.get('cat')! },
    'ann'
  )
  decide(project, { imageId: ids.get('b ü/gray_257x129.png')!, kind: 'rejected' }, 'ann')
  return { dir, root, project, ids }
}

/** A second project over the same images, scanned, without a decision. */
export async function freshProject(scanProject: Scan, f: Fixture, name: string): Promise<Project> {
  const p = Project.create(join(f.dir, `${name}.zebra`), {
    roots: [f.root],
    labels: [{ name: 'cat' }, { name: 'cup/mug' }, { name: 'rocket' }]
  })
  await scanProject(p)
  return p
}

/** rel_path -> current label of every image with an accepted or corrected decision. */
export function currentLabels(p: Project): Record<string, string> {
  const names = currentLabelNames(p.db)
  const out: Record<string, string> = {}
  for (const r of imageFileRows(p.db).sort((a, b) => a.rel_path.localeCompare(b.rel_path)))
    if (names.has(r.id)) out[r.rel_path] = names.get(r.id)!
  return out
}
