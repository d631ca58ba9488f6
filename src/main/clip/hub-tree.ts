// The files of a Hub repo in Immich's layout, from the Hub's tree listing: the textual/ graph of a
// 2 GB XLM-R encoder is stored with its weights in files beside model.onnx (ONNX external data,
// one file per tensor when torch exports it), so the files to fetch are listed, not guessed. Only
// config.json and the files directly in textual/ and visual/ are taken (Immich's repos also hold
// graphs for other runtimes in subfolders, e.g. visual/fp16/, rknpu/).
import { AppError } from '../../shared/errors'

const TAKE = /^(config\.json|(textual|visual)\/[^/]+)$/
/** what a folder needs to load as Immich's layout (immich-folder.ts) */
const IMMICH_REQUIRED = [
  'config.json',
  'textual/model.onnx',
  'textual/tokenizer.json',
  'visual/model.onnx',
  'visual/preprocess_cfg.json'
]

interface TreeEntry {
  type?: string
  path?: string
}

/** The next page of a paginated listing (Link: <url>; rel="next"), or null. */
function nextPage(link: string | null): string | null {
  const m = link ? /<([^>]+)>;\s*rel="next"/.exec(link) : null
  return m ? m[1] : null
}

/**
 * Paths of the files to fetch, listed by GET /api/models/<repo>/tree/<revision>?recursive=true.
 * `get` does the request (and maps network failures); throws download_failed when the repo lacks
 * a file the layout needs.
 */
export async function immichRepoFiles(
  base: string,
  repo: string,
  revision: string,
  get: (url: string) => Promise<Response>
): Promise<string[]> {
  const paths: string[] = []
  let url: string | null = `${base}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`
  while (url) {
    const res = await get(url)
    if (!res.ok)
      throw new AppError('download_failed', `HTTP ${res.status} listing the files of ${repo} (${url})`)
    const entries = (await res.json()) as TreeEntry[]
    if (!Array.isArray(entries)) throw new AppError('download_failed', `${url} did not answer a file list`)
    for (const e of entries) if (e.type === 'file' && e.path && TAKE.test(e.path)) paths.push(e.path)
    url = nextPage(res.headers.get('link'))
  }
  const missing = IMMICH_REQUIRED.filter((p) => !paths.includes(p))
  if (missing.length) {
    throw new AppError(
      'download_failed',
      `${repo} has no ${missing.join(', ')}: is it a model in Immich's layout (config.json, textual/, visual/)?`
    )
  }
  return paths
}
