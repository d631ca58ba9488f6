// Finding a model folder again from the id a project recorded (model ids hash the folder's
// content and variant, not its path): the folder it was used from, then the data folder's
// downloaded models, then the bundled demo model. Cheap: loadModelFolder reads configs and
// 128 KiB fingerprints, no ONNX session.
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Variant } from '../../shared/contract'
import { demoModelDir, modelsDir } from '../paths'
import { resolveModelArg } from './files'
import { isImmichLayout, loadImmichFolder } from './immich-folder'
import { availableVariants, loadModelFolder, type ModelFolder } from './model-folder'

const MODEL_ID = /^[0-9a-f]{32}$/

export function looksLikeModelId(s: string): boolean {
  return MODEL_ID.test(s)
}

async function folderWithId(dir: string, modelId: string, variant?: string): Promise<ModelFolder | null> {
  if (!existsSync(join(dir, 'config.json'))) return null
  if (isImmichLayout(dir)) {
    const f = await loadImmichFolder(dir).catch(() => null)
    return f?.modelId === modelId ? f : null
  }
  const variants = availableVariants(dir)
  const order =
    variant && variants.includes(variant as Variant) ? [variant as Variant, ...variants] : variants
  for (const v of new Set(order)) {
    const f = await loadModelFolder(dir, v).catch(() => null)
    if (f?.modelId === modelId) return f
  }
  return null
}

/** Folders in the data folder's models/ (one per Hub repo, owner--name), sorted. */
async function downloadedFolders(): Promise<string[]> {
  const root = modelsDir()
  const names = await readdir(root).catch(() => [] as string[])
  return names.sort().map((n) => join(root, n))
}

/**
 * The folder (and variant) whose model id is `modelId`: `hint` first (where the project used it),
 * then the downloaded models, then the demo model. null when none has it.
 */
export async function findModelFolder(
  modelId: string,
  hint?: { dir: string | null; variant?: string | null }
): Promise<ModelFolder | null> {
  const tried = new Set<string>()
  const candidates = [
    ...(hint?.dir && hint.dir !== '-' ? [hint.dir] : []),
    ...(await downloadedFolders()),
    demoModelDir()
  ]
  for (const c of candidates) {
    const dir = resolve(c)
    if (tried.has(dir)) continue
    tried.add(dir)
    const f = await folderWithId(dir, modelId, hint?.variant ?? undefined)
    if (f) return f
  }
  return null
}

/**
 * A --model argument of import-embeddings: a model id (32 hex digits, looked up as above) or what
 * `resolveModelArg` accepts (a folder, 'demo', a downloaded owner/name) with an optional variant.
 * Returns the folder, or for an id without one, null.
 */
export async function modelFolderForArg(arg: string, variant?: Variant): Promise<ModelFolder | null> {
  if (looksLikeModelId(arg) && !existsSync(resolve(arg))) return findModelFolder(arg, { dir: null, variant })
  const dir = resolveModelArg(arg)
  return isImmichLayout(dir) ? loadImmichFolder(dir) : loadModelFolder(dir, variant)
}
