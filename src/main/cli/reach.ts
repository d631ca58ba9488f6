// `zebra search`, `zebra mistakes`, `zebra duplicates` (duplicates.ts): what the review screen's
// queue sources offer, from scripts, through the same service functions (services/core/reach.ts). Lists on stdout
// (--json for scripts); a group decision is one undoable step (`zebra review undo` reverts it all).
import { AppError } from '../../shared/errors'
import type { Command } from 'commander'
import type { Variant } from '../../shared/contract'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { modelInfo } from '../db/predictions'
import type { Project } from '../db/project'
import { EmbeddingCache } from '../services/core/adapter-cache'
import { embeddingModelId, type EngineGetter } from '../services/core/project-data'
import { mistakesOf, searchText } from '../services/core/reach'
import { registerDuplicatesCommand } from './duplicates'
import { engineFor } from './project/common'
import { intArg } from './options'
import { outJsonOr, withProject } from './io'

/**
 * Runs `fn` on the open project with an engine loaded only when asked for: the model that embedded
 * the project's images (or --model), so text embeds in the images' space.
 */
function withProjectEngine<T>(
  file: string,
  model: string | undefined,
  fn: (p: Project, engine: EngineGetter) => Promise<T>
): Promise<T> {
  return withProject(file, async (project) => {
    let engine: LoadedClipEngine | null = null
    const getEngine: EngineGetter = async () => {
      if (engine) return engine
      const info = modelInfo(project.db, embeddingModelId(project))
      engine =
        !model && info && info.dir !== '-'
          ? await loadEngine({
              modelDir: info.dir,
              variant: info.variant as Variant,
              ep: project.settings().ep
            })
          : await engineFor(project, { model })
      return engine
    }
    try {
      return await fn(project, getEngine)
    } finally {
      if (engine) await (engine as LoadedClipEngine).dispose()
    }
  })
}

const score = (v: number): string => v.toFixed(3)

export function registerReachCommands(program: Command): void {
  program
    .command('search')
    .description('find images by a text description ("a red car at night"), best match first')
    .argument('<project>', 'project file (.zebra), pre-labelled')
    .argument('<text>', 'what the images show')
    .option('--limit <n>', 'how many matches', intArg('--limit'), 20)
    .option('--json', 'print [{ imageId, relPath, score }]')
    .option('--model <dir>', "model to embed the text with (default: the model of the project's images)")
    .action((file: string, text: string, o: { limit: number; json?: boolean; model?: string }) =>
      withProjectEngine(file, o.model, async (p, engine) => {
        if (!text.trim()) throw new AppError('invalid_input', 'the search text is empty')
        if (o.limit > 500) throw new AppError('invalid_input', '--limit must be at most 500')
        const hits = await searchText(p, engine, new EmbeddingCache(), text.trim(), o.limit)
        outJsonOr(hits, o.json, () =>
          hits.map((h) => `${score(h.score)}  ${h.imageId}\t${h.relPath}`).join('\n')
        )
      })
    )

  program
    .command('mistakes')
    .description('reviewed images whose label the model strongly disagrees with (it was fitted without them)')
    .argument('<project>', 'project file (.zebra)')
    .option('--limit <n>', 'how many at most', intArg('--limit'), 100)
    .option('--json', 'print [{ imageId, relPath, label, labelId, suggested, suggestedId, prob }]')
    .option('--model <dir>', 'model for prompts not cached yet (default: the model of the project)')
    .action((file: string, o: { limit: number; json?: boolean; model?: string }) =>
      withProjectEngine(file, o.model, async (p, engine) => {
        const list = await mistakesOf(p, engine, new EmbeddingCache(), Math.min(o.limit, 1000))
        outJsonOr(list, o.json, () =>
          list.length === 0
            ? `No possible mistakes among the reviewed images (${p.counts().reviewed} reviewed).`
            : list
                .map((m) => `${m.imageId}\t${m.relPath}\t${m.label} -> ${m.suggested} (${score(m.prob)})`)
                .join('\n')
        )
      })
    )

  registerDuplicatesCommand(program)
}
