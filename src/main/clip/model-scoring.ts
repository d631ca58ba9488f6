// A model folder's zero-shot scoring without loading its sessions, for work that scores stored
// embeddings with no engine loaded (a rescore, a tags project's calibration, an export): the family
// from config.json and, for SigLIP, the scale and bias from its combined graph. Synchronous and
// cached per folder and config.json's mtime, so the review loop can ask it on every fit.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { modelFamily, type ZeroShotScoring } from './model-family'
import { resolveModelDir } from './model-folder'
import { readSigmoidLogits } from './siglip-logits'

const SOFTMAX: ZeroShotScoring = { kind: 'softmax' }
const cache = new Map<string, ZeroShotScoring>()

function read(dir: string): ZeroShotScoring {
  let config: Record<string, unknown>
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
  } catch {
    // a folder that is gone or unreadable scores as every model did before SigLIP
    return SOFTMAX
  }
  if (modelFamily(config) !== 'siglip') return SOFTMAX
  return { kind: 'sigmoid', ...readSigmoidLogits(dir) }
}

/** The scoring of the model in `dir` ('demo' or a path); softmax when the folder cannot be read. */
export function folderScoring(dirArg: string): ZeroShotScoring {
  const dir = resolveModelDir(dirArg)
  let mtime = -1
  try {
    mtime = statSync(join(dir, 'config.json')).mtimeMs
  } catch {
    // read() answers softmax for it
  }
  const key = `${dir}\0${mtime}`
  let s = cache.get(key)
  if (!s) {
    s = read(dir)
    cache.set(key, s)
  }
  return s
}
