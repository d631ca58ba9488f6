// onnxruntime-node sessions with an execution-provider preference list and fallback.
// 'auto' tries the platform's accelerators and ends at cpu; a provider that cannot work here is
// skipped (with the reason kept in providerNote) and one that fails to start falls through to the
// next, so a model always loads when its files are sound.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, dirname, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import type { ExecutionProvider } from '../../shared/contract'
import { EXECUTION_PROVIDERS } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { log } from '../log'

type ConcreteProvider = Exclude<ExecutionProvider, 'auto'>

export interface ProviderPlan {
  /** providers to try in order; always ends with 'cpu' */
  order: ConcreteProvider[]
  /** providers left out before trying, with why */
  skipped: string[]
  /** what was asked for after ZEBRA_EP was applied */
  requested: ExecutionProvider
}

export interface SessionResult {
  session: ort.InferenceSession
  provider: ConcreteProvider
  /** why earlier providers in the plan were not used (null when the first one worked) */
  note: string | null
}

// ORT's own log lines for a failed accelerator attempt duplicate the error we report.
ort.env.logLevel = 'fatal'

function bindingDir(): string | null {
  try {
    const pkg = require.resolve('onnxruntime-node/package.json')
    const arch = process.arch
    const dir = join(dirname(pkg), 'bin', 'napi-v6', process.platform, arch)
    return existsSync(dir) ? dir : null
  } catch {
    return null
  }
}

function supportedBackends(): Set<string> {
  try {
    return new Set(ort.listSupportedBackends().map((b) => b.name))
  } catch {
    return new Set(['cpu'])
  }
}

const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/lib64',
  '/usr/lib',
  '/usr/local/lib'
]

/** WebGPU on Linux runs over Vulkan: without the loader library the adapter request cannot succeed. */
function vulkanLoaderPresent(env: NodeJS.ProcessEnv): boolean {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIB_DIRS]
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))
}

// A 61-byte ONNX model (one Relu) for the WebGPU probe.
const PROBE_MODEL = 'CAg6MwoMCgF4EgF5IgRSZWx1EgFwWg8KAXgSCgoICAESBAoCCAFiDwoBeRIKCggIARIECgIIAUIECgAQDQ=='
let webgpuProbe: string | null | undefined

/**
 * Whether WebGPU can start here, asked in a child process: Dawn and the Vulkan loader write their
 * adapter search straight to the process's stderr (XDG_RUNTIME_DIR, missing Vulkan features), which
 * JavaScript cannot capture in-process. 'auto' must not print that on every command; the child's
 * stderr is dropped and the reason comes back as one line. null = it works. Once per process.
 */
function probeWebgpu(): string | null {
  if (webgpuProbe !== undefined) return webgpuProbe
  const script = `const ort = require(${JSON.stringify(require.resolve('onnxruntime-node'))})
ort.InferenceSession.create(Buffer.from(${JSON.stringify(PROBE_MODEL)}, 'base64'), { executionProviders: ['webgpu'], logSeverityLevel: 4 })
  .then(() => process.exit(0), (e) => { process.stdout.write(String((e && e.message) || e)); process.exit(3) })`
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
    // Electron's binary runs the probe as plain Node
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'ignore']
  })
  webgpuProbe =
    r.status === 0 ? null : firstLine(r.stdout?.trim() || r.error?.message || `probe exited ${r.status}`)
  return webgpuProbe
}

/** Print what accelerators print while starting (ZEBRA_VERBOSE=1 / --verbose): no quiet probe. */
function verbose(env: NodeJS.ProcessEnv): boolean {
  return env.ZEBRA_VERBOSE === '1'
}

/** CUDA needs onnxruntime-node's CUDA provider libraries, which npm only installs on request. */
function cudaLibsPresent(): boolean {
  const dir = bindingDir()
  if (!dir) return false
  const lib =
    process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'
  return existsSync(join(dir, lib))
}

function isExecutionProvider(v: string): v is ExecutionProvider {
  return (EXECUTION_PROVIDERS as readonly string[]).includes(v)
}

/**
 * The order in which providers are tried. An explicit preference is tried even if it looks
 * unavailable (so the user sees why it failed) and falls back to cpu; 'auto' leaves out what cannot
 * work on this machine so start-up stays fast. ZEBRA_EP overrides 'auto'.
 */
export function planProviders(
  preference: ExecutionProvider = 'auto',
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): ProviderPlan {
  let requested = preference
  const fromEnv = env.ZEBRA_EP?.trim().toLowerCase()
  if (requested === 'auto' && fromEnv) {
    if (!isExecutionProvider(fromEnv)) {
      throw new AppError(
        'invalid_input',
        `ZEBRA_EP=${fromEnv} is not a provider; use one of ${EXECUTION_PROVIDERS.join(', ')}.`
      )
    }
    requested = fromEnv
  }
  if (requested !== 'auto') {
    return { order: requested === 'cpu' ? ['cpu'] : [requested, 'cpu'], skipped: [], requested }
  }
  const supported = supportedBackends()
  const skipped: string[] = []
  const order: ConcreteProvider[] = []
  const consider = (p: ConcreteProvider, ok: boolean, why: string): void => {
    if (!supported.has(p)) skipped.push(`${p}: not in this onnxruntime-node build`)
    else if (!ok) skipped.push(`${p}: ${why}`)
    else order.push(p)
  }
  if (platform === 'linux' || platform === 'win32') {
    consider('cuda', cudaLibsPresent(), 'CUDA provider libraries not installed (npm run install:cuda)')
  }
  if (platform === 'win32') consider('dml', true, '')
  if (platform === 'darwin') consider('coreml', true, '')
  consider(
    'webgpu',
    platform !== 'linux' || vulkanLoaderPresent(env),
    'no Vulkan loader (libvulkan.so.1) found'
  )
  order.push('cpu')
  return { order, skipped, requested }
}

/** A JSON object from an environment variable, or undefined; a malformed value is a usage error. */
function jsonEnv(env: NodeJS.ProcessEnv, name: string): Record<string, unknown> | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  try {
    const v = JSON.parse(raw) as unknown
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>
  } catch {
    // fall through
  }
  throw new AppError('invalid_input', `${name} must be a JSON object, e.g. {"preferredLayout":"NHWC"}`)
}

/**
 * Session options per provider. Tuning knobs for speed work on GPUs, off by default:
 * ZEBRA_WEBGPU_OPTIONS (JSON: the WebGPU provider's options, e.g. preferredLayout, validationMode)
 * and ZEBRA_ORT_EXTRA (JSON: onnxruntime session config entries, e.g.
 * {"ep":{"webgpuexecutionprovider":{"enableGraphCapture":"1"}}}).
 */
function sessionOptions(
  provider: ConcreteProvider,
  threads?: number,
  env: NodeJS.ProcessEnv = process.env
): ort.InferenceSession.SessionOptions {
  const webgpu = provider === 'webgpu' ? jsonEnv(env, 'ZEBRA_WEBGPU_OPTIONS') : undefined
  // No spin-waiting in onnxruntime's CPU thread pools: spinning threads burn the cores that
  // decode and preprocess the next batch (measured on 2 cores: end-to-end pre-labeling +8% fp32,
  // +8% quantized, model-only unchanged). ZEBRA_ORT_EXTRA replaces this default.
  const extra = jsonEnv(env, 'ZEBRA_ORT_EXTRA') ?? {
    session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } }
  }
  return {
    executionProviders: [
      webgpu ? ({ ...webgpu, name: 'webgpu' } as ort.InferenceSession.ExecutionProviderConfig) : provider
    ],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads ?? availableParallelism(),
    // 4 = fatal: failures surface as exceptions, which we report ourselves
    logSeverityLevel: 4,
    extra
  }
}

function firstLine(msg: string): string {
  let line = msg.split('\n').find((l) => l.trim()) ?? msg
  // ORT assertion messages start with a source location and the failed condition; keep the words
  const assertion = /\bwas false\.\s*(.+)$/.exec(line)
  if (assertion) line = assertion[1]
  return line.length > 300 ? line.slice(0, 300) + '…' : line
}

function modelLoadError(file: string, reason: string): AppError {
  return new AppError(
    'model_invalid',
    `onnx/${basename(file)} could not be loaded (${firstLine(reason)}). The file is damaged or incomplete: download the model again or replace the file.`,
    { file, reason, remedy: 'choose_model' }
  )
}

/**
 * Creates a session with the first provider of the plan that works. A failure on cpu means the
 * model file itself is bad: AppError('model_invalid') naming the file.
 */
export async function createSession(
  file: string,
  plan: ProviderPlan,
  opts: { threads?: number } = {}
): Promise<SessionResult> {
  const reasons = [...plan.skipped]
  for (const provider of plan.order) {
    // 'auto' asks first, quietly; an explicit webgpu (or --verbose) tries it here, noise and all
    if (provider === 'webgpu' && plan.requested === 'auto' && !verbose(process.env)) {
      const why = probeWebgpu()
      if (why) {
        reasons.push(`webgpu: ${why}`)
        continue
      }
    }
    try {
      const session = await ort.InferenceSession.create(file, sessionOptions(provider, opts.threads))
      const note = reasons.length ? reasons.join('; ') : null
      return { session, provider, note }
    } catch (err) {
      const reason = firstLine((err as Error).message ?? String(err))
      if (provider === 'cpu') throw modelLoadError(file, reason)
      reasons.push(`${provider}: ${reason}`)
      log('warn', `${basename(file)}: execution provider ${provider} failed, trying the next one (${reason})`)
    }
  }
  // unreachable: every plan ends with cpu
  throw modelLoadError(file, 'no execution provider')
}
