// Embeddings folders in clip-retrieval's layout (`clip-retrieval inference` output):
//   img_emb/img_emb_<N>.npy         rows x dim image embeddings (float16, L2-normalised)
//   metadata/metadata_<N>.parquet   an `image_path` column, row i describing row i of part N
// (also accepted: metadata_<N>.csv with the same column). <N> is zero-padded to the number of
// parts, so parts are paired by their number, not by sorted names. Reading checks everything a
// later write depends on (pairs, row counts, one dimension) before any vector is read.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { AppError } from '../../shared/errors'
import { NpyMatrix, npyBytes, type NpyFloat } from './npy'

interface ClipRetrievalPart {
  /** the part's number as written in its file names ("0", "03") */
  index: string
  npyFile: string
  metadataFile: string
  /** image_path of each row */
  paths: string[]
  rows: number
  dtype: NpyFloat
}

export interface ClipRetrievalFolder {
  dir: string
  dim: number
  rows: number
  parts: ClipRetrievalPart[]
}

const invalid = (message: string, details: Record<string, unknown> = {}): AppError =>
  new AppError('invalid_input', message, details)

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false
}

async function readPaths(file: string): Promise<string[]> {
  if (file.endsWith('.csv')) {
    let rows: Record<string, string>[]
    try {
      rows = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true })
    } catch (err) {
      throw invalid(`${file} is not valid CSV: ${(err as Error).message}`, { file })
    }
    if (rows.length > 0 && !('image_path' in rows[0]!))
      throw invalid(`${file} has no image_path column.`, { file })
    return rows.map((r) => String(r.image_path ?? ''))
  }
  // loaded on first use: every other command of the CLI starts without the Parquet modules
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet')
  try {
    const buf = await asyncBufferFromFile(file)
    const metadata = await parquetMetadataAsync(buf)
    const names = metadata.schema.map((s) => s.name)
    if (!names.includes('image_path')) throw invalid(`${file} has no image_path column.`, { file })
    const rows = await parquetReadObjects({ file: buf, metadata, columns: ['image_path'] })
    return rows.map((r) => String((r as { image_path?: unknown }).image_path ?? ''))
  } catch (err) {
    if (err instanceof AppError) throw err
    throw invalid(`${file} is not a readable Parquet file: ${(err as Error).message}`, { file })
  }
}

/** Lists and checks a clip-retrieval embeddings folder; throws invalid_input saying what is wrong. */
export async function readClipRetrievalFolder(dir: string): Promise<ClipRetrievalFolder> {
  if (!(await isDir(dir)))
    throw new AppError('not_found', `Embeddings folder not found: ${dir}`, { file: dir })
  const embDir = join(dir, 'img_emb')
  const metaDir = join(dir, 'metadata')
  if (!(await isDir(embDir)) || !(await isDir(metaDir))) {
    throw invalid(
      `${dir} is not a clip-retrieval embeddings folder: it needs img_emb/ (img_emb_0.npy, …) and metadata/ (metadata_0.parquet, …).`
    )
  }
  const npys = (await readdir(embDir))
    .map((f) => /^img_emb_(\d+)\.npy$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
  if (npys.length === 0) throw invalid(`${embDir} has no img_emb_<N>.npy files.`)
  const metas = new Map<string, string>()
  for (const f of await readdir(metaDir)) {
    const m = /^metadata_(\d+)\.(parquet|csv)$/.exec(f)
    // parquet (what clip-retrieval writes) wins over a csv of the same part
    if (m && (!metas.has(m[1]!) || m[2] === 'parquet')) metas.set(m[1]!, join(metaDir, f))
  }
  const parts: ClipRetrievalPart[] = []
  let dim = -1
  for (const m of npys) {
    const index = m[1]!
    const npyFile = join(embDir, m[0])
    const metadataFile = metas.get(index)
    if (!metadataFile)
      throw invalid(`${npyFile} has no metadata/metadata_${index}.parquet (or .csv) beside it.`)
    const npy = await NpyMatrix.open(npyFile)
    const h = npy.header
    await npy.close()
    if (dim >= 0 && h.cols !== dim)
      throw invalid(
        `${npyFile} holds ${h.cols}-dimensional embeddings, the other parts ${dim}: one folder, one model.`
      )
    dim = h.cols
    const paths = await readPaths(metadataFile)
    if (paths.length !== h.rows) {
      throw invalid(
        `${metadataFile} lists ${paths.length} images but ${npyFile} has ${h.rows} rows: they must be aligned row for row.`
      )
    }
    parts.push({ index, npyFile, metadataFile, paths, rows: h.rows, dtype: h.dtype })
  }
  return { dir, dim, rows: parts.reduce((s, p) => s + p.rows, 0), parts }
}

/**
 * Writes one part (img_emb_0.npy + metadata_0.parquet) in clip-retrieval's layout: what
 * `zebra embed --clip-retrieval` produces, so embeddings made with Zebra elsewhere import here.
 */
export async function writeClipRetrievalFolder(
  dir: string,
  paths: string[],
  embeddings: Float32Array,
  dim: number,
  dtype: 'f2' | 'f4' = 'f4'
): Promise<void> {
  await mkdir(join(dir, 'img_emb'), { recursive: true })
  await mkdir(join(dir, 'metadata'), { recursive: true })
  await writeFile(join(dir, 'img_emb', 'img_emb_0.npy'), npyBytes(embeddings, paths.length, dim, dtype))
  const { parquetWriteFile } = await import('hyparquet-writer')
  parquetWriteFile({
    filename: join(dir, 'metadata', 'metadata_0.parquet'),
    columnData: [{ name: 'image_path', data: paths, type: 'STRING' }]
  })
}
