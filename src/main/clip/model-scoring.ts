// A model folder's zero-shot scoring without loading its sessions, for work that scores stored
// embeddings with no engine loaded (a rescore, the reports): the family from config.json and, for
// SigLIP, the scale and bias from its combined graph. Cached per folder and config.json's mtime.
import { stat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { modelFamily, type ZeroShotScoring } from './model-family'
import { resolveModelDir } from './model-folder'
import { readSigmoidLogits } from './siglip-logits'

const SOFTMAX: ZeroShotScoring = { kind: 'softmax' }
const cache = new Map<string, Promise<ZeroShotScoring>>()

async function read(dir: string): Promise<ZeroShotScoring> {
  let config: Record<string, unknown>
  try {
    config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
  } catch {
    // a folder that is gone or unreadable scores as CLIP did before it was known
    return SOFTMAX
  }
  if (modelFamily(config) !== 'siglip') return SOFTMAX
  return { kind: 'sigmoid', ...(await readSigmoidLogits(dir)) }
}

/** The scoring of the model in `dir` ('demo' or a path); softmax when the folder cannot be read. */
export async function folderScoring(dirArg: string): Promise<ZeroShotScoring> {
  const dir = resolveModelDir(dirArg)
  const mtime = await stat(join(dir, 'config.json')).then(
    (s) => s.mtimeMs,
    () => -1
  )
  const key = `${dir}\0${mtime}`
  let p = cache.get(key)
  if (!p) {
    p = read(dir)
    cache.set(key, p)
    p.catch(() => cache.delete(key))
  }
  return p
}
