// Runs resample.wat (PIL's two-pass 8-bit resample in WebAssembly SIMD) for one resize + centre
// crop: the same coefficient tables as the JS loops (resample.ts), laid out per cropped output
// column/row, so both passes touch only pixels inside the crop. The result is bit-identical to the
// JS path (resample-simd.test.ts checks every filter on many sizes) at a fraction of its cost: on
// the benchmark's 640x480 JPEGs the exact resize takes ~2 core-ms where the JS loops take ~11.
// ZEBRA_RESAMPLE=js keeps the JS loops (one switch away, and the reference in tests).
import { RESAMPLE_WASM_BASE64 } from './resample-wasm'
import { PRECISION_BITS, type Coeffs } from './resample'

// the WebAssembly global, typed here: the Node lib this project compiles against leaves it out
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: unknown }
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

interface Exports {
  memory: WasmMemory
  hpass: (...a: number[]) => void
  vpass: (...a: number[]) => void
  normalise: (src: number, pixels: number, lut: number, dst: number) => void
}

let exportsCache: Exports | null | undefined

/** The instance of this thread (each worker thread has its own), or null where SIMD is missing. */
function wasm(): Exports | null {
  if (exportsCache !== undefined) return exportsCache
  try {
    const mod = new WA.Module(Buffer.from(RESAMPLE_WASM_BASE64, 'base64'))
    exportsCache = new WA.Instance(mod, {}).exports as unknown as Exports
  } catch {
    // a runtime without WebAssembly SIMD: the JS loops give the same pixels
    exportsCache = null
  }
  return exportsCache
}

export const SIMD_RESAMPLE = process.env.ZEBRA_RESAMPLE !== 'js' && wasm() !== null

const ONE = 1 << PRECISION_BITS

export interface CropPlan {
  /** source pixels, HWC u8 */
  src: Uint8Array
  srcWidth: number
  /** resized size and the crop's top-left corner in it */
  rw: number
  rh: number
  left: number
  top: number
  crop: number
  h: Coeffs | null
  v: Coeffs | null
  /** source rows the vertical pass needs */
  yFirst: number
  yLast: number
}

const align = (n: number): number => (n + 15) & ~15

/** per output index i of the crop: the taps of resized index clamp(start + i) (identity: one tap) */
function writeTable(
  i32: Int32Array,
  at: number,
  c: Coeffs | null,
  start: number,
  size: number,
  crop: number,
  shift: number
): { bounds: number; weights: number; ksize: number } {
  const ksize = c ? c.ksize : 1
  const b = at >> 2
  const w = b + 2 * crop
  for (let i = 0; i < crop; i++) {
    const xx = Math.min(Math.max(start + i, 0), size - 1)
    if (!c) {
      i32[b + 2 * i] = xx - shift
      i32[b + 2 * i + 1] = 1
      i32[w + i] = ONE
      continue
    }
    const n = c.bounds[xx * 2 + 1]
    i32[b + 2 * i] = c.bounds[xx * 2] - shift
    i32[b + 2 * i + 1] = n
    for (let k = 0; k < n; k++) i32[w + i * ksize + k] = c.kk[xx * c.ksize + k]
  }
  return { bounds: at, weights: at + 8 * crop, ksize }
}

/**
 * Both passes (or none, for an image that already is the crop) and the normalisation in
 * WebAssembly: writes the crop as float32 CHW into `out` at `offset` through the three per-channel
 * tables `lut` (byte value -> normalised float). false where SIMD is unavailable.
 */
export function resampleCropSimd(
  p: CropPlan,
  lut: readonly Float32Array[],
  out: Float32Array,
  offset: number
): boolean {
  const x = wasm()
  if (!x) return false
  const { crop } = p
  const plane = crop * crop
  const identity = !p.h && !p.v && p.left === 0 && p.top === 0 && p.srcWidth === crop && p.rh === crop
  const rows = p.yLast - p.yFirst
  const srcBytes = align(p.src.length + 16)
  const hBytes = identity ? 0 : align(8 * crop + 4 * crop * (p.h?.ksize ?? 1))
  const vBytes = identity ? 0 : align(8 * crop + 4 * crop * (p.v?.ksize ?? 1))
  const tempBytes = identity ? 0 : align(rows * crop * 3 + 16)
  const dstBytes = identity ? 0 : align(plane * 3 + 16)
  const lutBytes = 3 * 1024
  const need = srcBytes + hBytes + vBytes + tempBytes + dstBytes + lutBytes + 12 * plane
  const have = x.memory.buffer.byteLength
  if (need > have) x.memory.grow(Math.ceil((need - have) / 65536))
  const u8 = new Uint8Array(x.memory.buffer)
  u8.set(p.src, 0)
  const hAt = srcBytes
  const vAt = hAt + hBytes
  const tempAt = vAt + vBytes
  const dstAt = tempAt + tempBytes
  const lutAt = dstAt + dstBytes
  const floatAt = lutAt + lutBytes
  if (!identity) {
    const i32 = new Int32Array(x.memory.buffer)
    const ht = writeTable(i32, hAt, p.h, p.left, p.rw, crop, 0)
    const vt = writeTable(i32, vAt, p.v, p.top, p.rh, crop, p.yFirst)
    x.hpass(0, p.srcWidth, p.yFirst, rows, crop, ht.bounds, ht.weights, ht.ksize, tempAt)
    x.vpass(tempAt, crop, vt.bounds, vt.weights, vt.ksize, dstAt)
  }
  const f32 = new Float32Array(x.memory.buffer)
  for (let c = 0; c < 3; c++) f32.set(lut[c], (lutAt >> 2) + 256 * c)
  x.normalise(identity ? 0 : dstAt, plane, lutAt, floatAt)
  out.set(f32.subarray(floatAt >> 2, (floatAt >> 2) + 3 * plane), offset)
  return true
}
