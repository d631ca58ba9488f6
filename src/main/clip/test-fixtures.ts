// Paths and readers for the tiny-clip parity fixture (test/fixtures/tiny-clip/reference), used by
// the tests in this folder. Not imported by app code.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { demoModelDir, sampleImagesDir } from '../paths'

const REFERENCE_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tiny-clip', 'reference')
export const DEMO_DIR = demoModelDir()
/** the random-weights tiny CLIP the reference outputs were made with (the demo model before the trained demo-world one) */
export const TINY_CLIP_DIR = join(REFERENCE_DIR, '..')
export const SAMPLES_DIR = sampleImagesDir()

/** Reads a float32 reference array; large ones are stored gzipped (name + '.gz') to keep the repo small. */
export function readF32(name: string): Float32Array {
  const file = join(REFERENCE_DIR, name)
  const b = existsSync(file) ? readFileSync(file) : gunzipSync(readFileSync(file + '.gz'))
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))
}

export function readRefJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, name), 'utf8')) as T
}

export interface TokenizerCase {
  text: string
  ids: number[]
}

export function tokenizerCases(): TokenizerCase[] {
  return readRefJson<{ cases: TokenizerCase[] }>('tokenizer.json').cases
}

export interface ZeroshotRef {
  classes: string[]
  templates: string[]
  temperature: number
  images: { file: string; probs: number[]; top5: string[] }[]
  per_template_probs: Record<string, number[][]>
}

/** the fixture's image files in reference order (sorted by name) */
export function referenceImageNames(): string[] {
  return readRefJson<{ images: { file: string }[] }>('manifest.json').images.map((i) => i.file)
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}
