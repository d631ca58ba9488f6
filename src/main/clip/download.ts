// Downloads a CLIP model in the Hugging Face ONNX layout from the Hub (default
// Xenova/clip-vit-base-patch32) into modelsDir()/owner--name.
// - resumes: bytes go to FILE.part and a later run continues it with an HTTP Range request;
// - verifies: LFS files carry their sha256 in x-linked-etag (or ETag) on the Hub's redirect, and
//   the file is hashed while it streams; a mismatch deletes the part file and fails;
// - records every file's size and sha256 in zebra-manifest.json so `verify` can re-check later;
// - offline (DNS or connection failure) fails fast with a message that says how to go on without it.
import { createHash } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { Variant } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { modelsDir } from '../paths'
import {
  MANIFEST_FILE,
  fileSize,
  hashFileInto,
  readManifest,
  type Manifest,
  type ManifestEntry
} from './manifest'
import { modelFamily } from './model-family'
import { loadModelFolder, VARIANT_SUFFIX } from './model-folder'
import { COMBINED_GRAPHS } from './siglip-logits'
import { CATALOG } from './catalog'
import { immichRepoFiles } from './hub-tree'
import { loadImmichFolder } from './immich-folder'
import { OFFLINE_CODES, errorCode, offline, cancelled, type RemoteFile, probe, hubGet } from './hub-http'

// verify and the manifest live in manifest.ts; named here too for the CLI and the app's callers.
export { readManifest, verifyModel } from './manifest'

export const DEFAULT_REPO = 'Xenova/clip-vit-base-patch32'
const DEFAULT_HUB_URL = 'https://huggingface.co'
export const DEFAULT_DOWNLOAD_VARIANT: Variant = 'quantized'

/** files every CLIP folder needs; the tokenizer needs tokenizer.json or vocab.json + merges.txt */
const REQUIRED_FILES = ['config.json', 'preprocessor_config.json']
const OPTIONAL_FILES = [
  'tokenizer.json',
  'vocab.json',
  'merges.txt',
  'tokenizer_config.json',
  'special_tokens_map.json'
]

export interface DownloadProgress {
  /** path inside the repo, e.g. onnx/vision_model_quantized.onnx */
  file: string
  /** bytes of this file on disk so far, and its size (null when the server does not say) */
  bytes: number
  totalBytes: number | null
  /** files finished, and files in this download */
  done: number
  total: number
  /** all files together */
  overallBytes: number
  overallTotalBytes: number | null
}

export interface DownloadOptions {
  /** owner/name on the Hub; default Xenova/clip-vit-base-patch32 */
  repo?: string
  variant: Variant
  /** default env ZEBRA_HUB_URL, else https://huggingface.co */
  baseUrl?: string
  /** git revision; default main */
  revision?: string
  /** the repo's layout; default: the catalog entry's, else the Hugging Face ONNX layout */
  layout?: 'hf-onnx' | 'immich'
  /** target folder; default modelsDir()/owner--name */
  dir?: string
  signal?: AbortSignal
  onProgress?(p: DownloadProgress): void
}

export function hubUrl(baseUrl?: string): string {
  return (baseUrl ?? process.env.ZEBRA_HUB_URL ?? DEFAULT_HUB_URL).replace(/\/+$/, '')
}

function repoFolderName(repo: string): string {
  return repo.replace(/\//g, '--')
}

export function defaultModelDir(repo = DEFAULT_REPO): string {
  return join(modelsDir(), repoFolderName(repo))
}

function validateRepo(repo: string): string {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo) || repo.includes('..')) {
    throw new AppError('invalid_input', `"${repo}" is not a Hub model name like owner/name`)
  }
  return repo
}

function variantFiles(variant: Variant): string[] {
  return ['text', 'vision'].map((p) => `onnx/${p}_model${VARIANT_SUFFIX[variant]}.onnx`)
}

/** The family the downloaded config.json names ('clip' if it cannot be parsed: loading reports that). */
async function localFamily(file: string): Promise<'clip' | 'siglip'> {
  try {
    return modelFamily(JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)
  } catch {
    return 'clip'
  }
}

/**
 * SigLIP's logit scale and bias are weights of the combined graph only: the first of
 * COMBINED_GRAPHS the repo has (the quantized one: a quarter of model.onnx, exact scalars).
 */
async function combinedGraph(
  base: string,
  url: (p: string) => string,
  repo: string,
  signal?: AbortSignal
): Promise<RemoteFile> {
  for (const name of COMBINED_GRAPHS) {
    const r = await probe(base, url(`onnx/${name}`), `onnx/${name}`, signal)
    if (r) return r
  }
  throw new AppError(
    'download_failed',
    `${repo} is a SigLIP model without a combined graph (onnx/${COMBINED_GRAPHS.join(', onnx/')}): its logit scale and bias are read from one.`
  )
}

/** Streams one file into FILE.part (resuming it), checks size and sha256, then renames it. */
async function fetchFile(
  remote: RemoteFile,
  target: string,
  base: string,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal
): Promise<ManifestEntry> {
  const part = `${target}.part`
  await mkdir(dirname(target), { recursive: true })
  let have = Math.max(0, await fileSize(part))
  if (remote.size !== null && have > remote.size) {
    await rm(part, { force: true })
    have = 0
  }
  const hash = createHash('sha256')
  if (have > 0) await hashFileInto(part, hash)

  if (remote.size === null || have < remote.size) {
    let res: Response
    try {
      res = await fetch(remote.url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal })
    } catch (err) {
      if (signal?.aborted) throw cancelled()
      const code = errorCode(err)
      if (code && OFFLINE_CODES.has(code)) throw offline(base, code)
      throw new AppError('download_failed', `Cannot fetch ${remote.path}: ${(err as Error).message}`)
    }
    if (res.status === 416 && have > 0 && remote.size === null) {
      // the part file already holds everything
    } else if (res.status !== 200 && res.status !== 206) {
      throw new AppError('download_failed', `HTTP ${res.status} for ${remote.path}`)
    } else {
      if (res.status === 200 && have > 0) {
        // the server ignored the Range: start over
        await rm(part, { force: true })
        return fetchFile(remote, target, base, onBytes, signal)
      }
      const fh = await open(part, have > 0 ? 'a' : 'w')
      try {
        const body = res.body
        if (!body) throw new AppError('download_failed', `Empty response for ${remote.path}`)
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          await fh.write(chunk)
          hash.update(chunk)
          have += chunk.length
          onBytes(have)
        }
      } catch (err) {
        if (signal?.aborted) throw cancelled()
        if (err instanceof AppError) throw err
        throw new AppError(
          'download_failed',
          `The download of ${remote.path} was interrupted (${(err as Error).message}). Run it again to resume.`
        )
      } finally {
        await fh.close()
      }
    }
  }

  if (remote.size !== null && have !== remote.size) {
    throw new AppError(
      'download_failed',
      `${remote.path}: got ${have} of ${remote.size} bytes. Run the download again to resume.`
    )
  }
  const sha = hash.digest('hex')
  if (remote.sha256 && sha !== remote.sha256) {
    await rm(part, { force: true })
    throw new AppError(
      'download_failed',
      `${remote.path}: checksum mismatch (expected sha256 ${remote.sha256}, got ${sha}). The damaged file was deleted; run the download again.`,
      { file: remote.path, expected: remote.sha256, actual: sha }
    )
  }
  await rename(part, target)
  onBytes(have)
  return { size: have, sha256: sha, ...(remote.sha256 ? { expectedSha256: remote.sha256 } : {}) }
}

/**
 * Downloads the configs, tokenizer files and onnx/{text,vision}_model{variant}.onnx of a Hub repo
 * (and a SigLIP repo's combined graph, for its logit scale and bias) and returns the model folder. Files already complete (size and recorded checksum match) are
 * skipped, interrupted ones resumed. Errors: AppError 'offline' | 'download_failed' | 'cancelled'
 * | 'model_invalid' (the result does not load).
 */
export async function downloadModel(opts: DownloadOptions): Promise<string> {
  const repo = validateRepo(opts.repo ?? DEFAULT_REPO)
  const base = hubUrl(opts.baseUrl)
  const revision = opts.revision ?? 'main'
  const dir = resolve(opts.dir ?? defaultModelDir(repo))
  const signal = opts.signal
  if (signal?.aborted) throw cancelled()

  const url = (p: string): string => `${base}/${repo}/resolve/${encodeURIComponent(revision)}/${p}`
  const layout =
    opts.layout ?? CATALOG.find((c) => c.repo.toLowerCase() === repo.toLowerCase())?.layout ?? 'hf-onnx'
  const wanted =
    layout === 'immich'
      ? await immichRepoFiles(base, repo, revision, (u) => hubGet(base, u, signal))
      : [...REQUIRED_FILES, ...OPTIONAL_FILES, ...variantFiles(opts.variant)]
  const probed = await Promise.all(wanted.map((p) => probe(base, url(p), p, signal)))
  const remotes: RemoteFile[] = []
  probed.forEach((r, i) => {
    const p = wanted[i]
    if (r) remotes.push(r)
    else if (!OPTIONAL_FILES.includes(p)) {
      throw new AppError(
        'download_failed',
        `${repo} has no ${p} (HTTP 404 at ${url(p)}): is it a CLIP model in the ONNX layout${
          p.startsWith('onnx/') ? `, with the ${opts.variant} variant` : ''
        }?`
      )
    }
  })

  const manifest: Manifest = (await readManifest(dir)) ?? {
    repo,
    revision,
    baseUrl: base,
    variants: [],
    updatedAt: '',
    files: {}
  }
  let total = remotes.length
  const known = remotes.every((r) => r.size !== null)
  let overallTotalBytes = known ? remotes.reduce((s, r) => s + (r.size as number), 0) : null
  const doneBytes = new Map<string, number>()
  let done = 0
  let lastReport = 0
  const report = (file: string, bytes: number, totalBytes: number | null, force = false): void => {
    doneBytes.set(file, bytes)
    const now = Date.now()
    if (!force && now - lastReport < 100) return
    lastReport = now
    let overallBytes = 0
    for (const b of doneBytes.values()) overallBytes += b
    opts.onProgress?.({ file, bytes, totalBytes, done, total, overallBytes, overallTotalBytes })
  }

  const saveManifest = async (): Promise<void> => {
    manifest.repo = repo
    manifest.revision = revision
    manifest.baseUrl = base
    manifest.updatedAt = new Date().toISOString()
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n')
  }

  await mkdir(dir, { recursive: true })
  for (const r of remotes) {
    if (signal?.aborted) throw cancelled()
    const target = join(dir, r.path)
    const entry = manifest.files[r.path]
    const size = await fileSize(target)
    const upToDate =
      size >= 0 &&
      entry !== undefined &&
      entry.size === size &&
      (r.size === null || r.size === size) &&
      (r.sha256 === null || entry.sha256 === r.sha256)
    if (!upToDate) {
      manifest.files[r.path] = await fetchFile(r, target, base, (b) => report(r.path, b, r.size), signal)
      // recorded per file, so an interrupted download skips what it already has next time
      await saveManifest()
    }
    done++
    // config.json comes first: a SigLIP repo then also needs its combined graph
    if (r.path === 'config.json' && (await localFamily(target)) === 'siglip') {
      const c = await combinedGraph(base, url, repo, signal)
      remotes.push(c)
      total++
      overallTotalBytes = overallTotalBytes === null || c.size === null ? null : overallTotalBytes + c.size
    }
    report(r.path, r.size ?? manifest.files[r.path].size, r.size, true)
  }

  manifest.variants = [...new Set([...manifest.variants, opts.variant])]
  await saveManifest()
  // the folder must load: configs parse, tokenizer and both graphs present
  if (layout === 'immich') await loadImmichFolder(dir)
  else await loadModelFolder(dir, opts.variant)
  return dir
}
