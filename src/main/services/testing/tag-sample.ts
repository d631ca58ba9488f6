// A real tags project of the sample images for tests of the tags compare report: scanned,
// pre-labelled with the demo model, and decided tag by tag from a
// table made by looking at the images. Some pairs are unsure and some images undecided, which the
// report must leave out.
import { loadEngine } from '../../clip/engine'
import { appendDecisions, type DecideInput } from '../../db/decisions'
import { imageIdByRel } from '../../db/images'
import { Project } from '../../db/project'
import { prelabel } from '../../jobs/prelabel'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'

export const SAMPLE_IMAGE_TAGS = ['photo', 'circle', 'square', 'red']
const TEMPLATES = ['a photo of a {} shape.']

type Mark = 'P' | 'A' | 'U'
/** file → per tag (SAMPLE_IMAGE_TAGS order) present, absent, unsure, or undecided ('-') */
export const SAMPLE_IMAGE_TRUTH: Record<string, string> = {
  'photo_astronaut.jpg': 'PA--',
  'photo_chelsea.jpg': 'PAAA',
  'photo_coffee.jpg': 'P-A-',
  'photo_motorcycle_left.jpg': 'P-A-',
  'photo_rocket.jpg': 'PAA-',
  'shapes_300x500.png': 'APPU',
  'square_224x224.png': 'APPP',
  'alpha_200x200.png': 'APPP',
  'gray_257x129.png': 'AAAA',
  'gradient_640x480.jpg': 'AAAU'
}

const KIND = { P: 'accepted', A: 'rejected', U: 'unsure' } as const

/** Pre-labels the project with the model in `dir` ('demo' or a model folder). */
export async function prelabelWith(project: Project, dir: string): Promise<void> {
  const engine = await loadEngine({ modelDir: dir, threads: 1 })
  try {
    await prelabel(project, engine)
  } finally {
    await engine.dispose()
  }
}

/** Creates the project at `file`, pre-labels it with the demo model and decides the table. */
export async function makeTagSampleProject(file: string): Promise<Project> {
  const project = Project.create(file, {
    roots: [sampleImagesDir()],
    kind: 'tags',
    labels: SAMPLE_IMAGE_TAGS.map((name) => ({ name })),
    templates: TEMPLATES
  })
  await scanProject(project)
  await prelabelWith(project, 'demo')
  const root = project.roots()[0]!.id
  const labels = project.activeLabels()
  const items: DecideInput[] = []
  for (const [rel, marks] of Object.entries(SAMPLE_IMAGE_TRUTH)) {
    const imageId = imageIdByRel(project.db, root, rel)
    if (imageId === null) throw new Error(`sample image ${rel} is missing from ${sampleImagesDir()}`)
    ;[...marks].forEach((m, t) => {
      if (m in KIND) items.push({ imageId, kind: KIND[m as Mark], labelId: labels[t]!.id })
    })
  }
  appendDecisions(project.db, items, 'ann')
  return project
}
