// The per-geometry parity fixtures (test/fixtures/geometries, made by
// scripts/clip-models/make_geometry_fixtures.py): tiny random CLIPs shaped like ViT-B/16, ViT-L/14,
// ViT-L/14@336 and MobileCLIP, with reference outputs from PyTorch + PIL. Not imported by app code.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { TINY_CLIP_DIR } from './test-fixtures'

const GEOMETRIES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'geometries')
export const GEOMETRIES = ['vit-b16', 'vit-l14', 'vit-l14-336', 'mobileclip'] as const
export type Geometry = (typeof GEOMETRIES)[number]

export interface GeometryManifest {
  geometry: Geometry
  text_tower: string
  images: string[]
  pixels_u8: { shape: [number, number, number, number] }
  normalise: { rescale_factor: number; mean: number[]; std: number[] }
}

export function geometryManifest(g: Geometry): GeometryManifest {
  return JSON.parse(
    readFileSync(join(GEOMETRIES_DIR, g, 'reference', 'manifest.json'), 'utf8')
  ) as GeometryManifest
}

export function geometryF32(g: Geometry, name: string): Float32Array {
  const b = readFileSync(join(GEOMETRIES_DIR, g, 'reference', name))
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))
}

export function geometryJson<T>(g: Geometry, name: string): T {
  return JSON.parse(readFileSync(join(GEOMETRIES_DIR, g, 'reference', name), 'utf8')) as T
}

/** The reference pixels as the model takes them: PIL's bytes normalised with the reference's constants. */
export function referencePixels(g: Geometry): Float32Array {
  const m = geometryManifest(g)
  const [n, size] = m.pixels_u8.shape
  const u8 = gunzipSync(readFileSync(join(GEOMETRIES_DIR, g, 'reference', 'pixels_u8.gz')))
  const { rescale_factor: r, mean, std } = m.normalise
  const plane = size * size
  const out = new Float32Array(n * 3 * plane)
  for (let i = 0; i < n; i++)
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) {
        const v = u8[(i * plane + p) * 3 + c]
        out[i * 3 * plane + c * plane + p] = (Math.fround(v * r) - mean[c]) / std[c]
      }
  return out
}

/** A complete model folder for a geometry: its configs and graphs, tiny-clip's tokenizer files. */
export function geometryModelDir(g: Geometry): string {
  const dir = mkdtempSync(join(tmpdir(), `zebra-geom-${g}-`))
  mkdirSync(join(dir, 'onnx'))
  for (const f of [
    'tokenizer.json',
    'vocab.json',
    'merges.txt',
    'tokenizer_config.json',
    'special_tokens_map.json'
  ])
    copyFileSync(join(TINY_CLIP_DIR, f), join(dir, f))
  for (const f of ['config.json', 'preprocessor_config.json'])
    copyFileSync(join(GEOMETRIES_DIR, g, f), join(dir, f))
  copyFileSync(join(GEOMETRIES_DIR, g, 'onnx', 'vision_model.onnx'), join(dir, 'onnx', 'vision_model.onnx'))
  const text = geometryManifest(g).text_tower
  copyFileSync(join(GEOMETRIES_DIR, text, 'text_model.onnx'), join(dir, 'onnx', 'text_model.onnx'))
  return dir
}

/** Every file under `dir`, as repo paths (a/b/c). */
function repoPaths(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name
    return d.isDirectory() ? repoPaths(dir, rel) : [rel]
  })
}

/**
 * A minimal Hugging Face Hub on 127.0.0.1 serving `folder` as `repo` (/<repo>/resolve/main/<path>,
 * sha256 ETags as the Hub sends for LFS files, and the file listing
 * /api/models/<repo>/tree/main?recursive=true), so downloads are tested without network.
 */
export async function serveHubRepo(
  repo: string,
  folder: string
): Promise<{ url: string; close(): Promise<void> }> {
  const prefix = `/${repo}/resolve/main/`
  const tree = `/api/models/${repo}/tree/main?recursive=true`
  const server = createServer((req, res) => {
    if (req.url === tree) {
      const files = repoPaths(folder).map((path) => ({ type: 'file', path }))
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(files))
    }
    const path = decodeURIComponent(req.url ?? '')
    const rel = path.startsWith(prefix) ? path.slice(prefix.length) : ''
    const file = join(folder, rel)
    if (!rel || rel.includes('..') || !existsSync(file)) return void res.writeHead(404).end()
    const body = readFileSync(file)
    const sha = createHash('sha256').update(body).digest('hex')
    res.writeHead(200, { etag: `"${sha}"`, 'content-length': String(body.length) })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok()))
  }
}
