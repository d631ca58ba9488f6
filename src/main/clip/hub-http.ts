// The Hub over HTTP for the downloader: a HEAD that reads what the Hub puts on its redirect (size,
// sha256), a GET of its API, and one way of saying a network failure (offline, with what to do
// instead) or a cancel.
import { AppError } from '../../shared/errors'

export const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'ECONNRESET'
])

export function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string; errors?: { code?: string }[] } }
  return e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code
}

export function offline(base: string, code: string): AppError {
  return new AppError(
    'offline',
    `Cannot reach ${base} (${code}): no network? Use a model folder you already have, or the demo model.`,
    { code, remedy: 'choose_model' }
  )
}

export function cancelled(): AppError {
  return new AppError('cancelled', 'Download cancelled. Run it again to resume where it stopped.')
}

export interface RemoteFile {
  path: string
  url: string
  size: number | null
  sha256: string | null
}

function sha256FromEtag(v: string | null): string | null {
  if (!v) return null
  const s = v.replace(/^W\//, '').replace(/"/g, '').trim().toLowerCase()
  return /^[0-9a-f]{64}$/.test(s) ? s : null
}

/** HEAD without following redirects: the Hub puts x-linked-etag / x-linked-size on the redirect. */
export async function probe(
  base: string,
  url: string,
  path: string,
  signal?: AbortSignal
): Promise<RemoteFile | null> {
  const res = await hubFetch(base, url, { method: 'HEAD', redirect: 'manual' }, signal)
  if (res.status === 404) return null
  if (res.status === 401 || res.status === 403) {
    throw new AppError(
      'download_failed',
      `${url} needs authorisation (HTTP ${res.status}): the repository is gated or private. Download it yourself and choose its folder.`,
      { remedy: 'choose_model' }
    )
  }
  if (res.status >= 400) throw new AppError('download_failed', `HTTP ${res.status} for ${url}`)
  const h = res.headers
  const size = Number(h.get('x-linked-size') ?? (res.status < 300 ? h.get('content-length') : null) ?? NaN)
  return {
    path,
    url,
    size: Number.isFinite(size) ? size : null,
    sha256: sha256FromEtag(h.get('x-linked-etag')) ?? sha256FromEtag(h.get('etag'))
  }
}

/** A GET of the Hub's API, with network failures said as probe says them. */
export function hubGet(base: string, url: string, signal?: AbortSignal): Promise<Response> {
  return hubFetch(base, url, {}, signal)
}

/** fetch with a 20 s limit; a network failure is `offline` (with its remedy), an abort a cancel. */
async function hubFetch(
  base: string,
  url: string,
  init: RequestInit,
  signal?: AbortSignal
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(20_000)]) : AbortSignal.timeout(20_000)
    })
  } catch (err) {
    if (signal?.aborted) throw cancelled()
    const code = errorCode(err)
    if ((err as Error).name === 'TimeoutError') throw offline(base, 'timeout')
    if (code && OFFLINE_CODES.has(code)) throw offline(base, code)
    throw new AppError('download_failed', `Cannot fetch ${url}: ${(err as Error).message}`)
  }
}
