// Helpers of the project commands: annotator, model choice, Ctrl+C handling.
import type { ExecutionProvider, Variant } from '../../../shared/contract'
import { EXECUTION_PROVIDERS, VARIANTS } from '../../../shared/contract'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import type { Project } from '../../db/project'
import { dataDir } from '../../paths'
import { loadSettings } from '../../settings'
import { UsageError, reportProvider } from '../run'

export { EXIT_CANCELLED, interruptible } from '../run'

export function annotatorName(opt?: string): string {
  return opt?.trim() || process.env.ZEBRA_ANNOTATOR?.trim() || loadSettings(dataDir()).annotator
}

export function parseVariant(v: string | undefined): Variant | undefined {
  if (v === undefined) return undefined
  if (!(VARIANTS as readonly string[]).includes(v))
    throw new UsageError(`--variant must be one of ${VARIANTS.join(', ')}`)
  return v as Variant
}

export function parseEp(v: string | undefined): ExecutionProvider | undefined {
  if (v === undefined) return undefined
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(v)) {
    throw new UsageError(`--ep must be one of ${EXECUTION_PROVIDERS.join(', ')}`)
  }
  return v as ExecutionProvider
}

export function parsePositiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`)
  return n
}

export function parseProb(v: string, name: string): number {
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${name} must be a number between 0 and 1`)
  return n
}

/**
 * The model for a project: --model (saved into the project), else the project's, else the app's
 * last model; the sample project uses the demo model.
 */
export async function engineFor(
  project: Project,
  opts: { model?: string; variant?: string; ep?: string }
): Promise<LoadedClipEngine> {
  const s = project.settings()
  const app = loadSettings(dataDir())
  const modelDir = opts.model ?? s.modelPath ?? (project.isSample ? 'demo' : app.model.path)
  if (!modelDir) {
    throw new UsageError(
      'No model chosen for this project: pass --model DIR (a CLIP ONNX folder) or --model demo.'
    )
  }
  const variant = parseVariant(opts.variant) ?? s.variant
  const ep = parseEp(opts.ep) ?? s.ep
  const engine = await loadEngine({ modelDir, variant, ep })
  reportProvider(engine)
  if (opts.model || opts.variant || opts.ep) {
    project.updateSettings({ modelPath: opts.model ?? s.modelPath, variant: engine.variant, ep })
  }
  return engine
}
