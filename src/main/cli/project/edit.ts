// Helpers of the label and template commands (labels-cmd.ts, templates-cmd.ts): find a label by name, and re-score the suggestions after an edit, as the app does.
import type { Label } from '../../../shared/contract'
import { AppError, toAppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import { mainModelId, rescore } from '../../jobs/prelabel'
import { engineFor } from './common'

/** A label by name (any case), or by id written #12. */
export function findLabel(p: Project, ref: string): Label {
  const named = p.labelByName(ref)
  if (named) return named
  const m = /^#(\d+)$/.exec(ref.trim())
  if (m) {
    const byId = p.labels().find((l) => l.id === Number(m[1]))
    if (byId) return byId
  }
  throw new AppError(
    'invalid_input',
    `No label "${ref}" in this project (zebra labels list ${p.path} shows them).`
  )
}

/**
 * Re-scores the cached embeddings after a label or template change: from cached text embeddings
 * when every prompt was seen, else with the project's model. Nothing embedded yet: nothing to do
 * (prelabel scores with the new labels). The edit itself is saved whatever happens here; a
 * rescore that cannot run says so and how to run it later.
 */
export async function rescoreAfterChange(p: Project, enabled: boolean): Promise<void> {
  if (!enabled) return
  const modelId = mainModelId(p)
  if (!modelId) return
  const later = `run \`zebra rescore ${p.path} --model DIR\` once a model is at hand`
  if (p.activeLabels().length === 0) {
    process.stderr.write('zebra: no active labels left, so the suggestions were not re-scored\n')
    return
  }
  try {
    process.stderr.write(`re-scored ${(await rescore(p, modelId, null)).rescored} images\n`)
    return
  } catch (err) {
    if (toAppError(err).code !== 'no_model') throw err
  }
  // prompts never encoded: the project's model encodes them (cached for next time)
  if (!p.settings().modelPath && !p.isSample) {
    process.stderr.write(`zebra: new prompts need the model, and this project has none set: ${later}\n`)
    return
  }
  const engine = await engineFor(p, {})
  try {
    if (engine.modelId !== modelId) {
      process.stderr.write(`zebra: the project's model is not the one its embeddings came from: ${later}\n`)
      return
    }
    process.stderr.write(`re-scored ${(await rescore(p, modelId, engine)).rescored} images\n`)
  } finally {
    await engine.dispose()
  }
}
