// Creating a sample project's file (the app's "Try it" and `zebra sample`): the sample images with
// the sample's labels and templates, the demo model in its settings, and for the Chinese sample
// its English names and English template set.
import type { Project } from '../db/project'
import { createProjectFromSpec } from '../db/setup'
import { demoModelDir, sampleProjectDir } from '../paths'
import { applySampleLanguages } from './sample-languages'
import { sampleSpec } from './sample-spec'

export function createSampleProject(file: string, tags: boolean, chinese: boolean): Project {
  const spec = sampleSpec(tags, chinese)
  const p = createProjectFromSpec(file, {
    name: spec.name,
    roots: [sampleProjectDir()],
    labels: spec.labels,
    templates: spec.templates,
    sample: true,
    settings: { modelPath: demoModelDir(), variant: 'fp32' },
    kind: tags ? 'tags' : undefined
  })
  try {
    if (spec.languages) applySampleLanguages(p, spec.languages)
  } catch (err) {
    p.close()
    throw err
  }
  return p
}
