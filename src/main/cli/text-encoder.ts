// zebra project text-encoder: show or choose the text encoder of a project (docs/multilingual.md).
// M-CLIP's multilingual text side scores the project's cached image embeddings (ViT-B/32 or
// ViT-L/14) against prompts in about 100 languages; no image is embedded again. Choosing one (or
// going back with `none`) re-scores every image from its cached embedding.
import type { Command } from 'commander'
import type { ProjectTextEncoder } from '../../shared/contract'
import { toAppError } from '../../shared/errors'
import { disposeTextEncoders } from '../clip/text-encoder-cache'
import type { Project } from '../db/project'
import { mainModelId, rescore } from '../jobs/prelabel'
import { chooseTextEncoder } from '../services/core/text-encoder'
import { outJsonOr, withProject } from './io'
import { engineFor } from './project/common'

function describe(enc: ProjectTextEncoder | null | undefined): string {
  return enc
    ? `${enc.name} (${enc.dir}): ${enc.embedDim}-value text embeddings for the project's image embeddings`
    : "the image model's own"
}

/** Every image scored again: with the text encoder, or the image model's cached prompts, else its engine. */
async function rescoreAll(p: Project): Promise<number> {
  const modelId = mainModelId(p)
  if (!modelId) return 0
  try {
    return (await rescore(p, modelId, null, { all: true })).rescored
  } catch (err) {
    if (toAppError(err).code !== 'no_model') throw err
  }
  // back to the image model's own encoder with prompts it never encoded: the project's model
  const engine = await engineFor(p, {})
  try {
    return (await rescore(p, modelId, engine.modelId === modelId ? engine : null, { all: true })).rescored
  } finally {
    await engine.dispose()
  }
}

export function registerTextEncoderCommand(program: Command): void {
  // `zebra project ...` is shared with `project kind`
  const project = program.commands.find((c) => c.name() === 'project') ?? program.command('project')
  project
    .command('text-encoder')
    .description(
      "show the project's text encoder, or choose one for its image embeddings: a catalog id (mclip-xlmr-b32, mclip-xlmr-l14), a model folder in Immich's layout, or none for the image model's own; every image is re-scored, none re-embedded"
    )
    .argument('<project>')
    .argument('[model]')
    .option('--json', 'print { textEncoder, rescored }')
    .action((file: string, model: string | undefined, o: { json?: boolean }) =>
      withProject(file, async (p) => {
        try {
          if (model === undefined) {
            const enc = p.settings().textEncoder ?? null
            outJsonOr({ textEncoder: enc, rescored: 0 }, o.json, () => describe(enc))
            return
          }
          const enc = await chooseTextEncoder(p, model.trim().toLowerCase() === 'none' ? null : model)
          const rescored = await rescoreAll(p)
          outJsonOr(
            { textEncoder: enc, rescored },
            o.json,
            () => `${describe(enc)}; ${rescored} images re-scored`
          )
        } finally {
          await disposeTextEncoders()
        }
      })
    )
}
