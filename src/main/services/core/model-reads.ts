// Which languages a model reads, for the warnings on labels and templates written in a script it
// cannot read (shared/scripts.ts): SigLIP 2 (its own sigmoid) and Immich's M-CLIP layout read ~100
// languages, the demo model its world's English and Chinese words, every other model English.
import type { ModelReads } from '../../../shared/scripts'
import { isImmichLayout } from '../../clip/immich-folder'
import { isDemoModelDir } from '../../clip/model-folder'
import { folderScoring } from '../../clip/model-scoring'
import type { ZeroShotScoring } from '../../clip/model-family'
import type { Project } from '../../db/project'
import { modelDirs } from '../../db/predictions'

/** A model folder's reading; `scoring` when an engine is loaded, else read from the folder. */
export function modelReads(dir: string, scoring?: ZeroShotScoring): ModelReads {
  try {
    if (isDemoModelDir(dir)) return 'demo'
    if ((scoring ?? folderScoring(dir)).kind === 'sigmoid' || isImmichLayout(dir)) return 'multilingual'
  } catch {
    // a folder gone or unreadable: the warning errs on the side of English
  }
  return 'english'
}

/**
 * What a project's prompts are read by: its text encoder when it has one (M-CLIP), else the models
 * it was pre-labelled with (all must read a script for the warning to stay quiet), else English.
 */
export function projectReads(project: Project): ModelReads {
  if (project.settings().textEncoder) return 'multilingual'
  const all = modelDirs(project.db).map((m) => modelReads(m.dir))
  if (all.length === 0) return 'english'
  if (all.every((r) => r === 'multilingual')) return 'multilingual'
  return all.every((r) => r !== 'english') ? 'demo' : 'english'
}
