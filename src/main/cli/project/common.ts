// Helpers of the project commands: annotator, model choice, Ctrl+C handling. Option values are
// parsed by commander (options.ts).
import type { ExecutionProvider, Variant } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import type { Project } from '../../db/project'
import { dataDir } from '../../paths'
import { ReviewSession } from '../../services/core/review-session'
import { loadSettings } from '../../settings'
import { reportProvider } from '../run'

export { EXIT_CANCELLED, interruptible } from '../run'

export function annotatorName(opt?: string): string {
  return opt?.trim() || process.env.ZEBRA_ANNOTATOR?.trim() || loadSettings(dataDir()).annotator
}

/**
 * The model for a project: --model (saved into the project), else the project's, else the app's
 * last model; the sample project uses the demo model.
 */
export async function engineFor(
  project: Project,
  opts: { model?: string; variant?: Variant; ep?: ExecutionProvider }
): Promise<LoadedClipEngine> {
  const s = project.settings()
  const app = loadSettings(dataDir())
  const modelDir = opts.model ?? s.modelPath ?? (project.isSample ? 'demo' : app.model.path)
  if (!modelDir) {
    throw new AppError(
      'invalid_input',
      'No model chosen for this project: pass --model DIR (a CLIP ONNX folder) or --model demo.'
    )
  }
  const variant = opts.variant ?? s.variant
  const ep = opts.ep ?? s.ep
  const engine = await loadEngine({ modelDir, variant, ep })
  reportProvider(engine)
  if (opts.model || opts.variant || opts.ep) {
    project.updateSettings({ modelPath: opts.model ?? s.modelPath, variant: engine.variant, ep })
  }
  return engine
}

/**
 * The review service the app uses, over a project the command opened: suggestions, what a rank
 * accepts and the counters are the app's (adapted suggestions when the project's `adapt` is on).
 * The model loads only when the adapter needs prompts the project has not cached.
 */
export function reviewSession(
  project: Project,
  annotator: string
): { session: ReviewSession; dispose(): Promise<void> } {
  let engine: Promise<LoadedClipEngine> | null = null
  const ctx = {
    project: () => project,
    annotator: () => annotator,
    engine: (): Promise<LoadedClipEngine> => {
      const s = project.settings()
      const app = loadSettings(dataDir())
      if (!(s.modelPath ?? (project.isSample ? 'demo' : app.model.path)))
        return Promise.reject(new AppError('no_model', 'No model chosen for this project.'))
      engine ??= engineFor(project, {})
      return engine
    }
  }
  return {
    session: new ReviewSession(ctx),
    async dispose() {
      const e = await engine?.catch(() => null)
      await e?.dispose()
    }
  }
}
