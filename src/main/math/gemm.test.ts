import { describe, expect, it } from 'vitest'
import { gemmABt, ortGemmABt, scoreMatrix } from './gemm'
import { matMulModelBytes } from './onnx-matmul'
import { mulberry32 } from './rng'

function naive(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Float64Array {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let t = 0; t < k; t++) s += a[i * k + t] * b[j * k + t]
      out[i * n + j] = s
    }
  return out
}

function random(len: number, seed: number): Float32Array {
  const r = mulberry32(seed)
  return Float32Array.from({ length: len }, () => r() - 0.5)
}

describe('A·Bᵀ kernels', () => {
  it('computes a hand-checked 2×2 product', () => {
    // A = [[1,2],[3,4]], B rows [5,6],[7,8]: [[17,23],[39,53]]
    expect(
      Array.from(gemmABt(Float32Array.from([1, 2, 3, 4]), 2, 2, Float32Array.from([5, 6, 7, 8]), 2))
    ).toEqual([17, 23, 39, 53])
  })

  it('matches the naive product on sizes that are not multiples of the tiles', () => {
    for (const [m, k, n] of [
      [7, 5, 9],
      [1, 3, 1],
      [13, 33, 70],
      [4, 8, 4]
    ]) {
      const a = random(m * k, m)
      const b = random(n * k, n)
      const got = gemmABt(a, m, k, b, n)
      const want = naive(a, m, k, b, n)
      for (let i = 0; i < m * n; i++) expect(got[i]).toBeCloseTo(want[i], 5)
    }
  })

  it('gives the same result through onnxruntime MatMul', async () => {
    expect(matMulModelBytes().length).toBeGreaterThan(20)
    const [m, k, n] = [37, 19, 45]
    const a = random(m * k, 1)
    const b = random(n * k, 2)
    const js = gemmABt(a, m, k, b, n)
    const ort = await ortGemmABt(a, m, k, b, n)
    expect(ort.length).toBe(m * n)
    for (let i = 0; i < m * n; i++) expect(ort[i]).toBeCloseTo(js[i], 5)
    const auto = await scoreMatrix(a, m, k, b, n)
    expect(Array.from(auto)).toEqual(Array.from(js)) // small: JS path, bit-identical
  })
})
