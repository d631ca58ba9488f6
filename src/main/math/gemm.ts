// Dense scoring kernels: C = A · Bᵀ for row-major Float32Arrays, where A is m×k (image embeddings)
// and B is n×k (class or prompt embeddings). Both operands keep k contiguous, so every output is a
// dot product of two contiguous rows — no transpose copy is needed for the JS kernel.
//
// Two backends:
// - `gemmABt`: a blocked, 4×4 register-tiled JS kernel. Always available, synchronous, used for
//   small products (tests, a few hundred images) and as the fallback.
// - `ortGemmABt`: onnxruntime's MatMul (MLAS: SIMD + threads) on a one-node ONNX graph built in
//   memory (math/onnx-matmul.ts). Used for large products (10,000 images × 1,800 prompts), where it is ~10× faster.
// Both give the same result up to float32 summation order (~1e-6 relative).
import * as ort from 'onnxruntime-node'
import { matMulModelBytes } from './onnx-matmul'

/** Rows of B per tile: 64 rows × 512 dims × 4 bytes = 128 KiB, which stays in L2 while A streams. */
const TILE_N = 64

/**
 * out[i*n + j] = Σ_k a[i*k + t] * b[j*k + t]. Deterministic (fixed summation order).
 * `out` may be passed to reuse a buffer (length ≥ m*n).
 */
export function gemmABt(
  a: Float32Array,
  m: number,
  k: number,
  b: Float32Array,
  n: number,
  out: Float32Array = new Float32Array(m * n)
): Float32Array {
  if (a.length < m * k || b.length < n * k) throw new RangeError('gemmABt: operand too short')
  if (out.length < m * n) throw new RangeError('gemmABt: output too short')
  const m4 = m - (m % 4)
  for (let j0 = 0; j0 < n; j0 += TILE_N) {
    const j1 = Math.min(n, j0 + TILE_N)
    const j4 = j0 + (j1 - j0 - ((j1 - j0) % 4))
    for (let i = 0; i < m4; i += 4) {
      const a0 = i * k
      const a1 = a0 + k
      const a2 = a1 + k
      const a3 = a2 + k
      for (let j = j0; j < j4; j += 4) {
        const b0 = j * k
        const b1 = b0 + k
        const b2 = b1 + k
        const b3 = b2 + k
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0
        let c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0
        let c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0
        for (let t = 0; t < k; t++) {
          const x0 = a[a0 + t],
            x1 = a[a1 + t],
            x2 = a[a2 + t],
            x3 = a[a3 + t]
          const y0 = b[b0 + t],
            y1 = b[b1 + t],
            y2 = b[b2 + t],
            y3 = b[b3 + t]
          c00 += x0 * y0
          c01 += x0 * y1
          c02 += x0 * y2
          c03 += x0 * y3
          c10 += x1 * y0
          c11 += x1 * y1
          c12 += x1 * y2
          c13 += x1 * y3
          c20 += x2 * y0
          c21 += x2 * y1
          c22 += x2 * y2
          c23 += x2 * y3
          c30 += x3 * y0
          c31 += x3 * y1
          c32 += x3 * y2
          c33 += x3 * y3
        }
        let o = i * n + j
        out[o] = c00
        out[o + 1] = c01
        out[o + 2] = c02
        out[o + 3] = c03
        o += n
        out[o] = c10
        out[o + 1] = c11
        out[o + 2] = c12
        out[o + 3] = c13
        o += n
        out[o] = c20
        out[o + 1] = c21
        out[o + 2] = c22
        out[o + 3] = c23
        o += n
        out[o] = c30
        out[o + 1] = c31
        out[o + 2] = c32
        out[o + 3] = c33
      }
      for (let j = j4; j < j1; j++) {
        for (let r = 0; r < 4; r++) out[(i + r) * n + j] = dot(a, (i + r) * k, b, j * k, k)
      }
    }
    for (let i = m4; i < m; i++) {
      for (let j = j0; j < j1; j++) out[i * n + j] = dot(a, i * k, b, j * k, k)
    }
  }
  return out
}

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, k: number): number {
  let s = 0
  for (let t = 0; t < k; t++) s += a[ao + t] * b[bo + t]
  return s
}

// ---------------------------------------------------------------------------------------------
// onnxruntime backend
// ---------------------------------------------------------------------------------------------

/** Products below this many multiply-adds run in JS: a session's start-up costs more than it saves. */
const ORT_MIN_MACS = 50_000_000

let ortSession: Promise<ort.InferenceSession> | null = null

async function session(): Promise<ort.InferenceSession> {
  if (!ortSession) {
    ortSession = ort.InferenceSession.create(matMulModelBytes(), {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all'
    })
    ortSession.catch(() => {
      ortSession = null
    })
  }
  return ortSession
}

/** B (n×k) → Bᵀ (k×n), the layout MatMul wants. */
function transpose(b: Float32Array, n: number, k: number): Float32Array {
  const t = new Float32Array(n * k)
  for (let j = 0; j < n; j++) {
    const row = j * k
    for (let s = 0; s < k; s++) t[s * n + j] = b[row + s]
  }
  return t
}

/** Same contract as gemmABt, computed by onnxruntime's MatMul. */
export async function ortGemmABt(
  a: Float32Array,
  m: number,
  k: number,
  b: Float32Array,
  n: number
): Promise<Float32Array> {
  if (a.length < m * k || b.length < n * k) throw new RangeError('ortGemmABt: operand too short')
  const s = await session()
  const A = new ort.Tensor('float32', a.length === m * k ? a : a.subarray(0, m * k), [m, k])
  const B = new ort.Tensor('float32', transpose(b, n, k), [k, n])
  const res = await s.run({ A, B })
  const y = res.Y.data as Float32Array
  // Copy out of onnxruntime's buffer so callers own plain memory.
  return new Float32Array(y)
}

/**
 * A · Bᵀ by the fastest backend for the size: JS for small products, onnxruntime for large ones
 * (falling back to JS if onnxruntime cannot start).
 */
export async function scoreMatrix(
  a: Float32Array,
  m: number,
  k: number,
  b: Float32Array,
  n: number
): Promise<Float32Array> {
  if (m * n * k < ORT_MIN_MACS) return gemmABt(a, m, k, b, n)
  try {
    return await ortGemmABt(a, m, k, b, n)
  } catch {
    return gemmABt(a, m, k, b, n)
  }
}
