// Text encoders loaded once per process by folder, for projects that use one in place of their
// image model's text side: every rescore, search and compare of the project asks for it, and a
// 2 GB XLM-R graph must not load each time.
import { resolve } from 'node:path'
import type { ExecutionProvider } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { loadTextEncoder, type TextEncoder } from './mclip-text'

const encoders = new Map<string, Promise<TextEncoder>>()

/**
 * The text encoder of a model folder, loaded on first use. With `expectId`, throws model_invalid
 * when the folder now holds another encoder than the one that was chosen (its files changed).
 */
export async function sharedTextEncoder(
  dir: string,
  expectId: string | null,
  opts: { ep?: ExecutionProvider; threads?: number } = {}
): Promise<TextEncoder> {
  const key = resolve(dir)
  let p = encoders.get(key)
  if (!p) {
    p = loadTextEncoder(key, opts)
    encoders.set(key, p)
    // a failed load is tried again next time (the user may fix the folder)
    p.catch(() => encoders.delete(key))
  }
  const enc = await p
  if (expectId !== null && enc.id !== expectId) {
    throw new AppError(
      'model_invalid',
      `The text encoder in ${key} is not the one chosen for this project: its files changed. Choose it again (Model screen, or zebra text-encoder PROJECT ${key}).`,
      { file: key, expected: expectId, found: enc.id, remedy: 'choose_model' }
    )
  }
  return enc
}

/** Releases every text encoder loaded here (app exit, tests). */
export async function disposeTextEncoders(): Promise<void> {
  const all = [...encoders.values()]
  encoders.clear()
  await Promise.all(all.map((p) => p.then((e) => e.dispose()).catch(() => undefined)))
}
