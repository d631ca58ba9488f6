// Reading clip-retrieval embeddings folders: parts paired by number (zero-padded as clip-retrieval
// pads them once there are 10 or more), Parquet and CSV metadata, and the layouts refused before
// any vector is read: no metadata for a part, rows not aligned, parts of different dimensions.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { afterAll, describe, expect, it } from 'vitest'
import { readClipRetrievalFolder, writeClipRetrievalFolder } from './clip-retrieval'
import { NpyMatrix, npyBytes } from './npy'

const root = mkdtempSync(join(tmpdir(), 'zebra-clip-retrieval-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

function folder(
  parts: { index: string; rows: number; dim: number; paths?: string[]; meta?: 'parquet' | 'csv' | 'none' }[]
): string {
  const dir = join(root, `f${n++}`)
  mkdirSync(join(dir, 'img_emb'), { recursive: true })
  mkdirSync(join(dir, 'metadata'), { recursive: true })
  for (const p of parts) {
    const vecs = Float32Array.from({ length: p.rows * p.dim }, (_, i) => i / 10)
    writeFileSync(join(dir, 'img_emb', `img_emb_${p.index}.npy`), npyBytes(vecs, p.rows, p.dim, 'f2'))
    const paths = p.paths ?? Array.from({ length: p.rows }, (_, i) => `/data/${p.index}/${i}.jpg`)
    if (p.meta === 'csv')
      writeFileSync(join(dir, 'metadata', `metadata_${p.index}.csv`), `image_path\n${paths.join('\n')}\n`)
    else if (p.meta !== 'none')
      parquetWriteFile({
        filename: join(dir, 'metadata', `metadata_${p.index}.parquet`),
        columnData: [
          { name: 'image_path', data: paths, type: 'STRING' },
          { name: 'caption', data: paths.map(() => 'a photo'), type: 'STRING' }
        ]
      })
  }
  return dir
}

describe('readClipRetrievalFolder', () => {
  it('pairs parts by number, in numeric order, from Parquet and CSV metadata', async () => {
    const dir = folder([
      { index: '10', rows: 2, dim: 4 },
      { index: '02', rows: 3, dim: 4, meta: 'csv' },
      { index: '00', rows: 1, dim: 4 }
    ])
    const f = await readClipRetrievalFolder(dir)
    expect(f).toMatchObject({ dim: 4, rows: 6 })
    expect(f.parts.map((p) => [p.index, p.rows, p.dtype, p.metadataFile.split('.').pop()])).toEqual([
      ['00', 1, 'f2', 'parquet'],
      ['02', 3, 'f2', 'csv'],
      ['10', 2, 'f2', 'parquet']
    ])
    expect(f.parts[1]!.paths).toEqual(['/data/02/0.jpg', '/data/02/1.jpg', '/data/02/2.jpg'])
  })

  it('refuses a folder that is not one, naming what is missing or misaligned', async () => {
    const nope = join(root, 'plain')
    mkdirSync(nope)
    await expect(readClipRetrievalFolder(nope)).rejects.toThrow(
      /not a clip-retrieval embeddings folder: it needs img_emb\//
    )
    await expect(readClipRetrievalFolder(join(root, 'absent'))).rejects.toThrow(/Embeddings folder not found/)
    await expect(
      readClipRetrievalFolder(folder([{ index: '0', rows: 2, dim: 4, meta: 'none' }]))
    ).rejects.toThrow(/img_emb_0\.npy has no metadata\/metadata_0\.parquet \(or \.csv\)/)
    await expect(
      readClipRetrievalFolder(folder([{ index: '0', rows: 3, dim: 4, paths: ['a.jpg', 'b.jpg'] }]))
    ).rejects.toThrow(/lists 2 images but .*img_emb_0\.npy has 3 rows/)
    await expect(
      readClipRetrievalFolder(
        folder([
          { index: '0', rows: 2, dim: 4 },
          { index: '1', rows: 2, dim: 8 }
        ])
      )
    ).rejects.toThrow(/img_emb_1\.npy holds 8-dimensional embeddings, the other parts 4/)
    const noColumn = folder([{ index: '0', rows: 1, dim: 4, meta: 'none' }])
    writeFileSync(join(noColumn, 'metadata', 'metadata_0.csv'), 'path\nx.jpg\n')
    await expect(readClipRetrievalFolder(noColumn)).rejects.toThrow(
      /metadata_0\.csv has no image_path column/
    )
  })

  it('reads back what writeClipRetrievalFolder (zebra embed --clip-retrieval) writes', async () => {
    const dir = join(root, 'written')
    const vecs = Float32Array.from({ length: 3 * 5 }, (_, i) => Math.cos(i))
    await writeClipRetrievalFolder(dir, ['a.jpg', 'sub/b.png', 'c d.webp'], vecs, 5)
    const f = await readClipRetrievalFolder(dir)
    expect(f.parts.map((p) => [p.index, p.paths, p.dtype])).toEqual([
      ['0', ['a.jpg', 'sub/b.png', 'c d.webp'], 'f4']
    ])
    const m = await NpyMatrix.open(f.parts[0]!.npyFile)
    expect(Array.from(await m.readRows(0, 3))).toEqual(Array.from(vecs))
    await m.close()
  })
})
