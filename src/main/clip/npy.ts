// NumPy .npy files of 2-D float matrices (the image embeddings clip-retrieval writes, float16 by
// default). Format: "\x93NUMPY", version, a little-endian header length (2 bytes in v1, 4 in v2/3),
// a Python dict literal {'descr', 'fortran_order', 'shape'} padded to 64 bytes, then the raw data.
// Rows are read on demand with positioned reads: a part of 10^6 x 768 float16 is 1.5 GB.
import { open, type FileHandle } from 'node:fs/promises'
import { AppError } from '../../shared/errors'

export type NpyFloat = 'f2' | 'f4' | 'f8'

export interface NpyHeader {
  dtype: NpyFloat
  littleEndian: boolean
  rows: number
  cols: number
  /** byte offset of the first value */
  dataOffset: number
  itemSize: number
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]) // \x93NUMPY

function bad(file: string, why: string): AppError {
  return new AppError('invalid_input', `${file} is not a usable .npy embeddings file: ${why}.`, { file })
}

/** Parses the header at the start of `head` (at least the first 12 bytes plus the header). */
function parseNpyHeader(head: Buffer, file: string): NpyHeader {
  if (head.length < 10 || !head.subarray(0, 6).equals(MAGIC))
    throw bad(file, 'it does not start with \\x93NUMPY')
  const major = head[6]!
  const lenBytes = major === 1 ? 2 : major === 2 || major === 3 ? 4 : 0
  if (!lenBytes) throw bad(file, `unknown .npy version ${major}`)
  const hlen = lenBytes === 2 ? head.readUInt16LE(8) : head.readUInt32LE(8)
  const start = 8 + lenBytes
  if (head.length < start + hlen) throw bad(file, 'its header is cut short')
  const text = head.subarray(start, start + hlen).toString(major === 3 ? 'utf8' : 'latin1')
  const descr = /'descr'\s*:\s*'([<>|=])([a-z])(\d+)'/.exec(text)
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)
  if (!descr || !fortran || !shape) throw bad(file, 'its header has no descr, fortran_order or shape')
  const [, order, kind, size] = descr
  const dtype = `${kind}${size}` as NpyFloat
  if (kind !== 'f' || !['f2', 'f4', 'f8'].includes(dtype))
    throw bad(file, `its values are ${kind}${size}, not float16, float32 or float64`)
  if (fortran[1] === 'True') throw bad(file, 'it is stored column-major (fortran_order); save it row-major')
  const dims = shape[1]!
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map(Number)
  if (dims.length !== 2 || !dims.every((d) => Number.isInteger(d) && d >= 0))
    throw bad(file, `it holds an array of shape (${shape[1]}), not a matrix of rows x dimensions`)
  return {
    dtype,
    littleEndian: order !== '>',
    rows: dims[0]!,
    cols: dims[1]!,
    dataOffset: start + hlen,
    itemSize: Number(size)
  }
}

/** IEEE 754 half (as its 16 bits) to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

/** A number to IEEE 754 half bits, rounded to nearest even (what numpy's astype(float16) does). */
export function floatToHalf(v: number): number {
  const f32 = new Float32Array([v])
  const x = new Uint32Array(f32.buffer)[0]!
  const sign = (x >>> 16) & 0x8000
  const exp = (x >>> 23) & 0xff
  let mant = x & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 31) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    mant |= 0x800000
    const shift = 14 - e
    const half = 1 << (shift - 1)
    let m = mant >> shift
    const rest = mant & ((1 << shift) - 1)
    if (rest > half || (rest === half && m & 1)) m++
    return sign | m
  }
  const m = mant >> 13
  const rest = mant & 0x1fff
  let out = sign | (e << 10) | m
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) out++
  return out
}

function decode(buf: Buffer, h: NpyHeader, out: Float32Array): void {
  const n = out.length
  const le = h.littleEndian
  if (h.dtype === 'f2')
    for (let i = 0; i < n; i++) out[i] = halfToFloat(le ? buf.readUInt16LE(2 * i) : buf.readUInt16BE(2 * i))
  else if (h.dtype === 'f4')
    for (let i = 0; i < n; i++) out[i] = le ? buf.readFloatLE(4 * i) : buf.readFloatBE(4 * i)
  else for (let i = 0; i < n; i++) out[i] = le ? buf.readDoubleLE(8 * i) : buf.readDoubleBE(8 * i)
}

/** An open .npy matrix: its header, and rows read as float32 on demand. */
export class NpyMatrix {
  private constructor(
    readonly file: string,
    readonly header: NpyHeader,
    private readonly fh: FileHandle
  ) {}

  static async open(file: string): Promise<NpyMatrix> {
    let fh: FileHandle
    try {
      fh = await open(file, 'r')
    } catch (err) {
      throw new AppError('not_found', `Cannot read ${file}: ${(err as Error).message}`, { file })
    }
    try {
      const head = Buffer.alloc(4096)
      const { bytesRead } = await fh.read(head, 0, head.length, 0)
      let h = parseNpyHeader(head.subarray(0, bytesRead), file)
      if (h.dataOffset > bytesRead) {
        const big = Buffer.alloc(h.dataOffset)
        await fh.read(big, 0, big.length, 0)
        h = parseNpyHeader(big, file)
      }
      const { size } = await fh.stat()
      const need = h.dataOffset + h.rows * h.cols * h.itemSize
      if (size < need) throw bad(file, `it is cut short (${size} bytes, the header announces ${need})`)
      return new NpyMatrix(file, h, fh)
    } catch (err) {
      await fh.close()
      throw err
    }
  }

  get rows(): number {
    return this.header.rows
  }

  get cols(): number {
    return this.header.cols
  }

  /** rows [start, start + count) as one row-major float32 array */
  async readRows(start: number, count: number): Promise<Float32Array> {
    const h = this.header
    const n = Math.max(0, Math.min(count, h.rows - start))
    const buf = Buffer.alloc(n * h.cols * h.itemSize)
    if (buf.length) await this.fh.read(buf, 0, buf.length, h.dataOffset + start * h.cols * h.itemSize)
    const out = new Float32Array(n * h.cols)
    decode(buf, h, out)
    return out
  }

  close(): Promise<void> {
    return this.fh.close()
  }
}

/** The bytes of a .npy file (v1.0, little-endian, row-major) holding a rows x cols matrix. */
export function npyBytes(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  dtype: 'f2' | 'f4' = 'f4'
): Buffer {
  if (data.length !== rows * cols)
    throw new RangeError(`npyBytes: ${data.length} values for ${rows} x ${cols}`)
  let dict = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`
  // magic (6) + version (2) + length (2) + header, padded with spaces and ended by \n to 64 bytes
  const pad = 64 - ((10 + dict.length + 1) % 64)
  dict += `${' '.repeat(pad % 64)}\n`
  const head = Buffer.alloc(10)
  MAGIC.copy(head)
  head[6] = 1
  head[7] = 0
  head.writeUInt16LE(dict.length, 8)
  const size = dtype === 'f2' ? 2 : 4
  const body = Buffer.alloc(data.length * size)
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'f2') body.writeUInt16LE(floatToHalf(data[i]!), 2 * i)
    else body.writeFloatLE(data[i]!, 4 * i)
  }
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), body])
}
