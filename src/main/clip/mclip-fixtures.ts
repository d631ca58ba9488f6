// The M-CLIP parity fixtures (test/fixtures/mclip, made by scripts/clip-models/make_mclip_fixtures.py):
// tiny random M-CLIPs of ViT-B/32's and ViT-L/14's geometry in Immich's layout, one XLM-R
// SentencePiece tokenizer, reference ids from sentencepiece and embeddings from torch. Not imported
// by app code.
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const MCLIP_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'mclip')
export const MCLIP_TOKENIZER_DIR = join(MCLIP_DIR, 'tokenizer')
export const MCLIP_GEOMETRIES = ['mclip-b32', 'mclip-l14'] as const
export type MclipGeometry = (typeof MCLIP_GEOMETRIES)[number]

export interface MclipTokenCase {
  text: string
  ids: number[]
  pieces: string[]
}

export function mclipTokenCases(): MclipTokenCase[] {
  return (
    JSON.parse(readFileSync(join(MCLIP_TOKENIZER_DIR, 'reference', 'tokens.json'), 'utf8')) as {
      cases: MclipTokenCase[]
    }
  ).cases
}

export function mclipF32(g: MclipGeometry, name: string): Float32Array {
  const b = readFileSync(join(MCLIP_DIR, g, 'reference', name))
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))
}

/** A model folder in Immich's layout as published: config.json, textual/ (with the tokenizer), visual/. */
export function mclipModelDir(g: MclipGeometry): string {
  const dir = mkdtempSync(join(tmpdir(), `zebra-${g}-`))
  for (const f of readdirSync(join(MCLIP_DIR, g)))
    if (f !== 'reference') cpSync(join(MCLIP_DIR, g, f), join(dir, f), { recursive: true })
  for (const f of readdirSync(MCLIP_TOKENIZER_DIR))
    if (statSync(join(MCLIP_TOKENIZER_DIR, f)).isFile())
      cpSync(join(MCLIP_TOKENIZER_DIR, f), join(dir, 'textual', f))
  return dir
}
