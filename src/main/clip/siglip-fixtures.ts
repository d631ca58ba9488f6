// The SigLIP 2 parity fixtures (test/fixtures/siglip2, made by
// scripts/clip-models/make_siglip_fixtures.py): tiny random SigLIP models at 224 and 256 px in
// onnx-community's layout, a Gemma-like tokenizer, and reference outputs from SentencePiece and
// PyTorch. Not imported by app code.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

const SIGLIP_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'siglip2')
export const SIGLIP_GEOMETRIES = ['siglip2-224', 'siglip2-256'] as const
export type SiglipGeometry = (typeof SIGLIP_GEOMETRIES)[number]

/** the committed model folder of a geometry (read-only: copy it to change anything) */
export function siglipDir(g: SiglipGeometry): string {
  return join(SIGLIP_DIR, g)
}

/** a temporary copy of a geometry's folder, without the files named in `omit` (paths inside it) */
export function siglipCopy(g: SiglipGeometry, omit: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), `zebra-${g}-`))
  cpSync(siglipDir(g), dir, { recursive: true })
  rmSync(join(dir, 'reference'), { recursive: true })
  for (const f of omit) rmSync(join(dir, f))
  return dir
}

function refFile(g: SiglipGeometry | null, name: string): Buffer {
  return readFileSync(g ? join(SIGLIP_DIR, g, 'reference', name) : join(SIGLIP_DIR, 'reference', name))
}

export function siglipF32(g: SiglipGeometry | null, name: string): Float32Array {
  const b = refFile(g, name)
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))
}

export function siglipJson<T>(g: SiglipGeometry | null, name: string): T {
  return JSON.parse(refFile(g, name).toString('utf8')) as T
}

/** SentencePiece's ids of each case: lower-cased, <eos> appended, <pad> to 64 */
export function siglipTokenCases(): { text: string; ids: number[] }[] {
  return siglipJson(null, 'tokens.json')
}

export interface SiglipLogitsRef {
  logit_scale: number
  scale: number
  bias: number
  /** the combined graph's logits of the images against the first `texts` token cases */
  texts: number
  logits_per_image: number[][]
}

export interface SiglipZeroshotRef {
  classes: string[]
  templates: string[]
  images: { image: string; probs: number[]; top5: string[] }[]
}

interface Manifest {
  images: string[]
  pixels_u8: { shape: [number, number, number, number] }
}

export function siglipImages(g: SiglipGeometry): string[] {
  return siglipJson<Manifest>(g, 'manifest.json').images
}

/** PIL's resized bytes normalised as SigLIP does, (x / 255 - 0.5) / 0.5, CHW per image */
export function siglipPixels(g: SiglipGeometry): Float32Array {
  const [n, size] = siglipJson<Manifest>(g, 'manifest.json').pixels_u8.shape
  const u8 = gunzipSync(refFile(g, 'pixels_u8.gz'))
  const plane = size * size
  const r = Math.fround(1 / 255)
  const out = new Float32Array(n * 3 * plane)
  for (let i = 0; i < n; i++)
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++)
        out[i * 3 * plane + c * plane + p] = (Math.fround(u8[(i * plane + p) * 3 + c] * r) - 0.5) / 0.5
  return out
}
