// Test-only: a tags project over real image files for the tags export and import tests. Six images
// in a/ and "b ü/", four tags (cat, cup/mug, red;blue with a ';' that the joined lists escape,
// outdoor), tag scores written directly, and decisions: three images done (one with no tag
// present), one with a tag unsure, one partly decided and one not decided at all.
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appendDecisions } from '../../db/decisions'
import { imageFileRows } from '../../db/image-index'
import { registerModel } from '../../db/predictions'
import { Project } from '../../db/project'
import { tagScoreWriter } from '../../db/tag-scores'
import { tagStatesOf, type TagState } from '../../db/tag-state'
import { sampleImagesDir } from '../../paths'
import type { Scan } from './fixture'

export const TAGS = ['cat', 'cup/mug', 'red;blue', 'outdoor'] as const

/** rel_path -> tag -> state: what the fixture decides */
export const TAG_DECISIONS: Record<string, Partial<Record<(typeof TAGS)[number], TagState>>> = {
  'a/photo_chelsea.jpg': { cat: 'present', 'cup/mug': 'absent', 'red;blue': 'absent', outdoor: 'absent' },
  'a/photo_coffee.jpg': { cat: 'absent', 'cup/mug': 'present', 'red;blue': 'present', outdoor: 'unsure' },
  'b ü/photo_rocket.jpg': { cat: 'absent', 'cup/mug': 'absent', 'red;blue': 'present', outdoor: 'present' },
  'b ü/alpha_200x200.png': { cat: 'absent', 'cup/mug': 'absent', 'red;blue': 'absent', outdoor: 'absent' },
  'b ü/square_224x224.png': { cat: 'present', outdoor: 'absent' }
}
/** every image whose every tag is decided (the default export) */
export const DONE = Object.keys(TAG_DECISIONS).filter(
  (k) => Object.keys(TAG_DECISIONS[k]!).length === TAGS.length
)

export interface TagFixture {
  dir: string
  root: string
  project: Project
  ids: Map<string, number>
}

function createTagsProject(file: string, root: string): Project {
  return Project.create(file, { roots: [root], kind: 'tags', labels: TAGS.map((name) => ({ name })) })
}

export async function makeTagFixture(scanProject: Scan, prefix = 'zebra-tagio-'): Promise<TagFixture> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const root = join(dir, 'images')
  const place: [string, string][] = [
    ['a', 'photo_chelsea.jpg'],
    ['a', 'photo_coffee.jpg'],
    ['a', 'gray_257x129.png'],
    ['b ü', 'photo_rocket.jpg'],
    ['b ü', 'alpha_200x200.png'],
    ['b ü', 'square_224x224.png']
  ]
  for (const [sub, f] of place) {
    mkdirSync(join(root, sub), { recursive: true })
    copyFileSync(join(sampleImagesDir(), f), join(root, sub, f))
  }
  const project = createTagsProject(join(dir, 't.zebra'), root)
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
    const w = tagScoreWriter(project.db, key)
    let k = 0
    for (const id of ids.values()) {
      // distinct scores per (image, tag), some on either side of 0
      const scores = TAGS.map((t, i): [number, number] => [
        byName.get(t)!,
        ((k * 7 + i * 3) % 11) / 100 - 0.05
      ])
      w.scores(id, scores, { top1Label: scores[0]![0], top1Prob: 0.5, margin: 0 })
      k++
    }
  })()
  // one batch per image, as the review's Enter records it
  for (const [rel, states] of Object.entries(TAG_DECISIONS)) {
    const imageId = ids.get(rel)!
    appendDecisions(
      project.db,
      Object.entries(states).map(([t, s]) => ({
        imageId,
        kind:
          s === 'present'
            ? ('accepted' as const)
            : s === 'absent'
              ? ('rejected' as const)
              : ('unsure' as const),
        labelId: byName.get(t)!
      })),
      'ann'
    )
  }
  return { dir, root, project, ids }
}

/** A second tags project over the same images with the same tags, scanned, without a decision. */
export async function freshTagsProject(scanProject: Scan, f: TagFixture, name: string): Promise<Project> {
  const p = createTagsProject(join(f.dir, `${name}.zebra`), f.root)
  await scanProject(p)
  return p
}

/** rel_path -> tag name -> state, of every image with a decided tag (image_tags, by name). */
export function tagStatesByPath(p: Project): Record<string, Record<string, TagState>> {
  const names = new Map(p.labels().map((l) => [l.id, l.name]))
  const out: Record<string, Record<string, TagState>> = {}
  for (const r of imageFileRows(p.db).sort((a, b) => a.rel_path.localeCompare(b.rel_path))) {
    const st = tagStatesOf(p.db, r.id)
    if (st.size === 0) continue
    out[r.rel_path] = Object.fromEntries([...st].map(([l, s]) => [names.get(l)!, s]))
  }
  return out
}
