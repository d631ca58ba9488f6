// The loaded CLIP engine of the app: open / demo / download / options, and the status the model
// screen shows. One engine at a time; loads are serialised.
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { ExecutionProvider, ModelStatus, Variant } from '../../../shared/contract'
import { AppError, toAppError, type AppErrorShape } from '../../../shared/errors'
import { DEFAULT_REPO, defaultModelDir } from '../../clip/download'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import { availableVariants, isDemoModelDir, resolveModelDir } from '../../clip/model-folder'
import { modelReads } from './model-reads'
import { log } from '../../log'
import { updateSettings } from '../../settings'

export class ModelManager {
  private engine: LoadedClipEngine | null = null
  private loading: Promise<LoadedClipEngine> | null = null
  private error: AppErrorShape | null = null
  private requested: { path: string | null; variant: Variant | null; ep: ExecutionProvider }

  constructor(
    private readonly dataDir: string,
    initial: { path: string | null; variant: Variant | null; ep: ExecutionProvider },
    private readonly onChange: (s: ModelStatus) => void
  ) {
    this.requested = { ...initial }
  }

  current(): LoadedClipEngine | null {
    return this.engine
  }

  /** the model folder the app would load (last used), or null */
  requestedPath(): string | null {
    return this.requested.path
  }

  status(): ModelStatus {
    const e = this.engine
    const path = e?.modelDir ?? this.requested.path
    let variants: Variant[] = []
    try {
      variants = e?.availableVariants ?? (path ? availableVariants(path) : [])
    } catch {
      variants = []
    }
    return {
      loaded: e !== null,
      loading: this.loading !== null,
      path: path ?? null,
      name: path ? modelName(path) : null,
      demo: path ? isDemoModelDir(path) : false,
      reads: path ? modelReads(path, e?.scoring) : 'english',
      variant: e?.variant ?? this.requested.variant,
      availableVariants: variants,
      requestedProvider: this.requested.ep,
      provider: e?.provider ?? null,
      providerNote: e?.providerNote ?? null,
      embedDim: e?.embedDim ?? null,
      hubModel: DEFAULT_REPO,
      downloaded: existsSync(join(defaultModelDir(), 'config.json')),
      error: this.error
    }
  }

  /** Loads a model folder ('demo' for the bundled one); replaces the current engine on success. */
  async open(
    pathArg: string,
    opts: { variant?: Variant | null; ep?: ExecutionProvider } = {}
  ): Promise<LoadedClipEngine> {
    const path = resolveModelDir(pathArg)
    const variant = opts.variant === undefined ? this.requested.variant : opts.variant
    const ep = opts.ep ?? this.requested.ep
    const prev = this.loading ?? Promise.resolve(null)
    const run = (async () => {
      await prev.catch(() => null)
      if (
        this.engine &&
        this.engine.modelDir === path &&
        (variant === null || this.engine.variant === variant) &&
        this.requested.ep === ep
      ) {
        return this.engine
      }
      try {
        const engine = await loadEngine({ modelDir: path, variant: variant ?? undefined, ep })
        const old = this.engine
        this.engine = engine
        this.error = null
        this.requested = { path, variant: engine.variant, ep }
        updateSettings(this.dataDir, (s) => {
          s.model = { path, variant: engine.variant, ep }
        })
        await old?.dispose().catch(() => undefined)
        return engine
      } catch (err) {
        this.error = toAppError(err).toJSON()
        throw err
      }
    })()
    this.loading = run
    // loading: true goes out now, the outcome (loaded, or the error with its reason) when it settles
    this.onChange(this.status())
    try {
      return await run
    } finally {
      if (this.loading === run) this.loading = null
      this.onChange(this.status())
    }
  }

  /**
   * Reloads the model used last (settings.json) in the background at start, so a restarted app or
   * `zebra serve` has it again without a click. Its progress is the model.changed events of open();
   * a failure stays in status().error with its reason. Never throws.
   */
  async restore(): Promise<void> {
    const { path, variant, ep } = this.requested
    if (!path || this.engine || this.loading) return
    try {
      await this.open(path, { variant, ep })
    } catch (err) {
      log('warn', `the last used model (${path}) did not load`, err)
    }
  }

  /** Changes variant or provider; reloads the loaded model with them. */
  async setOptions(opts: { variant?: Variant; ep?: ExecutionProvider }): Promise<ModelStatus> {
    if (opts.variant) this.requested.variant = opts.variant
    if (opts.ep) this.requested.ep = opts.ep
    const path = this.engine?.modelDir ?? null
    if (path) {
      // force a reload even when only the provider changed
      const old = this.engine
      this.engine = null
      try {
        await this.open(path, { variant: this.requested.variant, ep: this.requested.ep })
        await old?.dispose().catch(() => undefined)
      } catch (err) {
        this.engine = old
        throw err
      }
    } else {
      updateSettings(this.dataDir, (s) => {
        s.model = { path: this.requested.path, variant: this.requested.variant, ep: this.requested.ep }
      })
      this.onChange(this.status())
    }
    return this.status()
  }

  async dispose(): Promise<void> {
    await this.loading?.catch(() => null)
    const e = this.engine
    this.engine = null
    await e?.dispose().catch(() => undefined)
  }
}

export function noModel(): AppError {
  return new AppError(
    'no_model',
    'No model is loaded: open a CLIP model folder, download one, or use the demo model (Model screen).'
  )
}

/** Display name of a model folder: 'demo' for the bundled one, else the folder name. */
export function modelName(dir: string): string {
  return isDemoModelDir(dir) ? 'demo (tiny CLIP that only knows coloured shapes)' : basename(dir)
}
