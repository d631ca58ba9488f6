// The .npy reader on files laid out byte by byte as the format describes (and, where Debian's
// numpy is installed, on files numpy itself wrote and read back), and the half-float conversion
// on every one of the 65,536 half values.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NpyMatrix, floatToHalf, halfToFloat, npyBytes } from './npy'

const dir = mkdtempSync(join(tmpdir(), 'zebra-npy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A .npy file assembled by hand: magic, version, header length, dict, padding, data. */
function handMade(dict: string, data: Buffer, major = 1): Buffer {
  const lenBytes = major === 1 ? 2 : 4
  const unpadded = 6 + 2 + lenBytes + dict.length + 1
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n'
  const len = Buffer.alloc(lenBytes)
  if (major === 1) len.writeUInt16LE(header.length)
  else len.writeUInt32LE(header.length)
  return Buffer.concat([
    Buffer.from('\x93NUMPY', 'latin1'),
    Buffer.from([major, 0]),
    len,
    Buffer.from(header, 'latin1'),
    data
  ])
}

function write(name: string, bytes: Buffer): string {
  const f = join(dir, name)
  writeFileSync(f, bytes)
  return f
}

describe('half floats', () => {
  it('every half value survives half -> float -> half', () => {
    const wrong: string[] = []
    let nans = 0
    for (let h = 0; h < 0x10000; h++) {
      const v = halfToFloat(h)
      if (Number.isNaN(v)) {
        nans++
        if (!Number.isNaN(halfToFloat(floatToHalf(v)))) wrong.push(`NaN 0x${h.toString(16)}`)
      } else if (floatToHalf(v) !== h) wrong.push(`0x${h.toString(16)}`)
    }
    expect(wrong).toEqual([])
    expect(nans).toBe(2 * 1023) // exponent 31 with a non-zero mantissa, either sign
  })

  it('known values, and rounding to nearest even', () => {
    expect(halfToFloat(0x3c00)).toBe(1)
    expect(halfToFloat(0xc000)).toBe(-2)
    expect(halfToFloat(0x7bff)).toBe(65504)
    expect(halfToFloat(0x0001)).toBe(2 ** -24)
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00) // halfway: even mantissa kept
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02)
    expect(floatToHalf(1e6)).toBe(0x7c00) // overflow: infinity
  })
})

describe('NpyMatrix', () => {
  const values = [0.5, -1.25, 3, 0, 7.75, -0.001]

  it('reads float32, float64 and big-endian float32 files, v1 and v2 headers', async () => {
    const f4 = Buffer.alloc(24)
    values.forEach((v, i) => f4.writeFloatLE(v, 4 * i))
    const f8 = Buffer.alloc(48)
    values.forEach((v, i) => f8.writeDoubleLE(v, 8 * i))
    const be = Buffer.alloc(24)
    values.forEach((v, i) => be.writeFloatBE(v, 4 * i))
    const cases = [
      write('f4.npy', handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f4)),
      write('f8.npy', handMade("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f8, 2)),
      write('be.npy', handMade("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", be))
    ]
    for (const f of cases) {
      const m = await NpyMatrix.open(f)
      expect([m.rows, m.cols]).toEqual([2, 3])
      expect(Array.from(await m.readRows(0, 2))).toEqual(Array.from(new Float32Array(values)))
      expect(Array.from(await m.readRows(1, 5))).toEqual(Array.from(new Float32Array(values.slice(3))))
      await m.close()
    }
  })

  it('reads float16 (what clip-retrieval writes)', async () => {
    const f2 = Buffer.alloc(12)
    const halves = [0x3800, 0xbd00, 0x4200, 0x0000, 0x47c0, 0x9419] // 0.5 -1.25 3 0 7.75 ≈-0.001
    halves.forEach((h, i) => f2.writeUInt16LE(h, 2 * i))
    const m = await NpyMatrix.open(
      write('f2.npy', handMade("{'descr': '<f2', 'fortran_order': False, 'shape': (3, 2), }", f2))
    )
    const got = Array.from(await m.readRows(0, 3))
    await m.close()
    expect(got.slice(0, 5)).toEqual([0.5, -1.25, 3, 0, 7.75])
    expect(got[5]).toBeCloseTo(-0.001, 5)
  })

  it('refuses what is not a row-major float matrix, naming the file and the reason', async () => {
    const body = Buffer.alloc(24)
    const refuse = async (name: string, bytes: Buffer, why: RegExp): Promise<void> => {
      const f = write(name, bytes)
      const err = await NpyMatrix.open(f).catch((e: Error) => e)
      expect(err).toBeInstanceOf(Error)
      expect((err as Error).message).toContain(f)
      expect((err as Error).message).toMatch(why)
    }
    await refuse(
      'int.npy',
      handMade("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", body),
      /not float16, float32 or float64/
    )
    await refuse(
      'fortran.npy',
      handMade("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", body),
      /column-major/
    )
    await refuse(
      '3d.npy',
      handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }", body),
      /not a matrix/
    )
    await refuse(
      'short.npy',
      handMade("{'descr': '<f4', 'fortran_order': False, 'shape': (20, 3), }", body),
      /cut short/
    )
    await refuse('text.npy', Buffer.from('img,path\n'), /does not start with/)
  })

  it('npyBytes writes what the reader (and numpy, when installed) reads back', async () => {
    const data = Float32Array.from({ length: 5 * 7 }, (_, i) => Math.sin(i) * 3)
    for (const dtype of ['f4', 'f2'] as const) {
      const f = write(`mine-${dtype}.npy`, npyBytes(data, 5, 7, dtype))
      expect((readFileSync(f).readUInt16LE(8) + 10) % 64).toBe(0) // data starts 64-byte aligned
      const m = await NpyMatrix.open(f)
      const back = await m.readRows(0, 5)
      await m.close()
      back.forEach((v, i) => expect(v).toBeCloseTo(data[i]!, dtype === 'f4' ? 6 : 2))
    }
  })
})

// Debian's numpy, when present: files numpy wrote are read the same, and ours load in numpy.
const PY = '/usr/bin/python3'
const hasNumpy = existsSync(PY) && spawnSync(PY, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0
describe('with numpy', () => {
  const why = `${PY} cannot import numpy (Debian's python3-numpy)`
  if (!hasNumpy)
    it('needs numpy', (ctx) => {
      console.warn(`skipped "with numpy": ${why}`)
      ctx.skip(why)
    })
  else numpyTests()
})
function numpyTests(): void {
  it('reads numpy float16 and float32 files, and numpy reads ours', async () => {
    const script = `
import numpy as np, sys
d = sys.argv[1]
a = (np.arange(4 * 6, dtype=np.float64).reshape(4, 6) / 7 - 1)
np.save(d + '/np16.npy', a.astype(np.float16))
np.save(d + '/np32.npy', a.astype(np.float32))
b = np.load(d + '/mine-f4.npy')
print(b.shape[0], b.shape[1], b.dtype, float(b[2, 3]))
`
    const r = spawnSync(PY, ['-c', script, dir], { encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    const [rows, cols, dtype, v] = r.stdout.trim().split(' ')
    expect([rows, cols, dtype]).toEqual(['5', '7', 'float32'])
    expect(Number(v)).toBeCloseTo(Math.fround(Math.sin(2 * 7 + 3) * 3), 6)
    for (const [name, digits] of [
      ['np16.npy', 2],
      ['np32.npy', 6]
    ] as const) {
      const m = await NpyMatrix.open(join(dir, name))
      expect(m.header.dtype).toBe(name === 'np16.npy' ? 'f2' : 'f4')
      const got = await m.readRows(0, 4)
      await m.close()
      got.forEach((x, i) => expect(x).toBeCloseTo(i / 7 - 1, digits))
    }
  })
}
