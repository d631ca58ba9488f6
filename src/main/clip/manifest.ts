// zebra-manifest.json of a downloaded model folder (every file's size and sha256) and `verify`,
// which re-checks a folder against it and loads each variant it has.
import { createHash, type Hash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Variant } from '../../shared/contract'
import { isImmichLayout, loadImmichFolder } from './immich-folder'
import { availableVariants, loadModelFolder, onnxFile } from './model-folder'

export const MANIFEST_FILE = 'zebra-manifest.json'

export interface ManifestEntry {
  size: number
  sha256: string
  /** the checksum the server announced, when it announced one */
  expectedSha256?: string
}

export interface Manifest {
  repo: string
  revision: string
  baseUrl: string
  variants: Variant[]
  updatedAt: string
  files: Record<string, ManifestEntry>
}

/** Feeds a file's bytes into `hash` (a fresh sha256 unless given: a resumed download continues its own). */
export async function hashFileInto(file: string, hash: Hash = createHash('sha256')): Promise<Hash> {
  await new Promise<void>((res, rej) => {
    createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('end', () => res())
      .on('error', rej)
  })
  return hash
}

async function sha256File(file: string): Promise<string> {
  return (await hashFileInto(file)).digest('hex')
}

/** Size in bytes, or -1 when the file is missing. */
export async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch {
    return -1
  }
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest
  } catch {
    return null
  }
}

export interface VerifyResult {
  dir: string
  ok: boolean
  files: { file: string; ok: boolean; reason?: string }[]
}

/**
 * Re-checks a model folder: every file in zebra-manifest.json still has its size and sha256, and the
 * folder loads for each variant it has. Folders without a manifest get the structural check only.
 */
export async function verifyModel(
  dirArg: string,
  opts: { onFile?: (file: string, i: number, n: number) => void } = {}
): Promise<VerifyResult> {
  const dir = resolve(dirArg)
  const files: VerifyResult['files'] = []
  const manifest = await readManifest(dir)
  if (manifest) {
    const entries = Object.entries(manifest.files)
    for (const [i, [file, entry]] of entries.entries()) {
      opts.onFile?.(file, i, entries.length)
      const p = join(dir, file)
      const size = await fileSize(p)
      if (size < 0) files.push({ file, ok: false, reason: 'missing' })
      else if (size !== entry.size)
        files.push({ file, ok: false, reason: `size ${size}, expected ${entry.size}` })
      else {
        const sha = await sha256File(p)
        files.push(sha === entry.sha256 ? { file, ok: true } : { file, ok: false, reason: 'sha256 mismatch' })
      }
    }
  }
  if (isImmichLayout(dir)) {
    // Immich's layout: one variant, textual/ + visual/
    try {
      await loadImmichFolder(dir)
      files.push({ file: 'textual/ + visual/ (+ configs)', ok: true })
    } catch (err) {
      files.push({ file: 'textual/ + visual/', ok: false, reason: (err as Error).message })
    }
    return { dir, ok: files.every((f) => f.ok), files }
  }
  const variants = availableVariants(dir)
  if (!variants.length) {
    files.push({ file: 'onnx/', ok: false, reason: 'no complete text_model + vision_model pair' })
  }
  for (const v of variants) {
    try {
      await loadModelFolder(dir, v)
      files.push({ file: `${onnxFile(dir, 'vision', v).slice(dir.length + 1)} (+ text, configs)`, ok: true })
    } catch (err) {
      files.push({ file: `variant ${v}`, ok: false, reason: (err as Error).message })
    }
  }
  if (!manifest && !existsSync(join(dir, 'config.json'))) {
    files.push({ file: 'config.json', ok: false, reason: 'missing' })
  }
  return { dir, ok: files.every((f) => f.ok), files }
}
