// What an ONNX file's graph says about its nodes and small constants, read straight from the
// protobuf wire format without loading the file: SigLIP's logit scale and bias are weights of the
// combined graph (onnx/model*.onnx, hundreds of MB), and only its nodes and its scalar initializers
// are needed. The file is walked field by field with positioned reads; a large initializer's
// raw_data is skipped by its length, never read. Only the fields used here are decoded:
//   ModelProto.graph = 7; GraphProto.node = 1, initializer = 5, output = 12;
//   NodeProto.input = 1, output = 2, op_type = 4, attribute = 5; AttributeProto.name = 1, t = 5;
//   TensorProto.dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7,
//   name = 8, raw_data = 9, double_data = 10; ValueInfoProto.name = 1.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'

export interface OnnxNode {
  op: string
  inputs: string[]
  outputs: string[]
  /** a Constant node's value, when it is small */
  value?: Float64Array
}

export interface GraphSummary {
  nodes: OnnxNode[]
  /** initializers with at most MAX_CONST_VALUES elements, as numbers, by name */
  consts: Map<string, Float64Array>
  outputs: string[]
}

const MAX_CONST_VALUES = 16
/** a node larger than this (a Constant holding a big tensor) is skipped */
const MAX_NODE_BYTES = 1 << 20
const CHUNK = 1 << 16

const FLOAT = 1
const INT32 = 6
const INT64 = 7
const FLOAT16 = 10
const DOUBLE = 11
const BFLOAT16 = 16

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1
  const e = (h >> 10) & 0x1f
  const f = h & 0x3ff
  if (e === 0) return s * 2 ** -14 * (f / 1024)
  if (e === 31) return f ? NaN : s * Infinity
  return s * 2 ** (e - 15) * (1 + f / 1024)
}

function bf16ToFloat(h: number): number {
  const b = Buffer.alloc(4)
  b.writeUInt32LE((h & 0xffff) * 65536)
  return b.readFloatLE(0)
}

/** A protobuf cursor over bytes held in memory. */
class Bytes {
  pos = 0
  constructor(
    readonly buf: Buffer,
    readonly end = buf.length
  ) {}

  varint(): number {
    let v = 0
    let mul = 1
    for (;;) {
      if (this.pos >= this.end) throw new RangeError('truncated varint')
      const b = this.buf[this.pos++]
      v += (b & 0x7f) * mul
      if (b < 0x80) return v
      mul *= 128
    }
  }

  /** skips a field of wire type `wt`, or returns its [start, end) when length-delimited */
  field(wt: number): [number, number] {
    if (wt === 0) this.varint()
    else if (wt === 1) this.pos += 8
    else if (wt === 5) this.pos += 4
    else if (wt === 2) {
      const len = this.varint()
      const start = this.pos
      this.pos += len
      return [start, this.pos]
    } else throw new RangeError(`wire type ${wt}`)
    return [this.pos, this.pos]
  }

  sub(range: [number, number]): Bytes {
    const b = new Bytes(this.buf, range[1])
    b.pos = range[0]
    return b
  }

  str(range: [number, number]): string {
    return this.buf.toString('utf8', range[0], range[1])
  }
}

interface Tensor {
  name: string
  dims: number[]
  type: number
  values: number[]
  raw?: Buffer
}

function decodeTensor(b: Bytes): Tensor {
  const t: Tensor = { name: '', dims: [], type: 0, values: [] }
  while (b.pos < b.end) {
    const key = b.varint()
    const f = key >>> 3
    const wt = key & 7
    if (f === 1 && wt === 0) t.dims.push(b.varint())
    else if (f === 1 && wt === 2) {
      const s = b.sub(b.field(2))
      while (s.pos < s.end) t.dims.push(s.varint())
    } else if (f === 2 && wt === 0) t.type = b.varint()
    else if (f === 8 && wt === 2) t.name = b.str(b.field(2))
    else if (f === 9 && wt === 2) {
      const [s, e] = b.field(2)
      t.raw = b.buf.subarray(s, e)
    } else if ((f === 4 || f === 10) && wt === 2) {
      const [s, e] = b.field(2)
      const step = f === 4 ? 4 : 8
      for (let p = s; p + step <= e; p += step)
        t.values.push(step === 4 ? b.buf.readFloatLE(p) : b.buf.readDoubleLE(p))
    } else if ((f === 5 || f === 7) && wt === 2) {
      const s = b.sub(b.field(2))
      while (s.pos < s.end) t.values.push(s.varint())
    } else if (f === 4 && wt === 5) {
      t.values.push(b.buf.readFloatLE(b.pos))
      b.pos += 4
    } else if ((f === 5 || f === 7) && wt === 0) t.values.push(b.varint())
    else b.field(wt)
  }
  return t
}

/** A tensor's values as numbers, or null for a type this reader does not decode. */
function tensorValues(t: Tensor): Float64Array | null {
  const n = t.dims.reduce((a, d) => a * d, 1)
  if (n > MAX_CONST_VALUES) return null
  const out = new Float64Array(n)
  const raw = t.raw
  for (let i = 0; i < n; i++) {
    if (raw) {
      if (t.type === FLOAT) out[i] = raw.readFloatLE(4 * i)
      else if (t.type === DOUBLE) out[i] = raw.readDoubleLE(8 * i)
      else if (t.type === FLOAT16) out[i] = halfToFloat(raw.readUInt16LE(2 * i))
      else if (t.type === BFLOAT16) out[i] = bf16ToFloat(raw.readUInt16LE(2 * i))
      else if (t.type === INT32) out[i] = raw.readInt32LE(4 * i)
      else if (t.type === INT64) out[i] = Number(raw.readBigInt64LE(8 * i))
      else return null
    } else {
      const v = t.values[i]
      if (v === undefined) return null
      // float16 and bfloat16 keep their bits in int32_data
      out[i] = t.type === FLOAT16 ? halfToFloat(v) : t.type === BFLOAT16 ? bf16ToFloat(v) : v
    }
  }
  return out
}

function decodeNode(b: Bytes): OnnxNode {
  const node: OnnxNode = { op: '', inputs: [], outputs: [] }
  while (b.pos < b.end) {
    const key = b.varint()
    const f = key >>> 3
    const wt = key & 7
    if (wt !== 2) {
      b.field(wt)
      continue
    }
    const r = b.field(2)
    if (f === 1) node.inputs.push(b.str(r))
    else if (f === 2) node.outputs.push(b.str(r))
    else if (f === 4) node.op = b.str(r)
    else if (f === 5) {
      const a = b.sub(r)
      while (a.pos < a.end) {
        const k = a.varint()
        const ar = a.field(k & 7)
        if (k >>> 3 === 5 && (k & 7) === 2) node.value = tensorValues(decodeTensor(a.sub(ar))) ?? undefined
      }
    }
  }
  return node
}

/** Positioned reads of a file through a small window, for walking fields that may be huge. */
class FileCursor {
  private buf = Buffer.alloc(0)
  private at = 0
  constructor(
    private readonly fd: number,
    readonly size: number
  ) {}

  bytes(pos: number, len: number): Buffer {
    if (pos >= this.at && pos + len <= this.at + this.buf.length)
      return this.buf.subarray(pos - this.at, pos - this.at + len)
    const n = Math.min(Math.max(len, CHUNK), this.size - pos)
    const buf = Buffer.alloc(n)
    const bytesRead = readSync(this.fd, buf, 0, n, pos)
    if (bytesRead < len) throw new RangeError('unexpected end of file')
    this.buf = buf.subarray(0, bytesRead)
    this.at = pos
    return this.buf.subarray(0, len)
  }

  /** the key and payload range of the field at `pos` (payload empty unless length-delimited) */
  field(pos: number): { f: number; wt: number; start: number; end: number } {
    const head = this.bytes(pos, Math.min(20, this.size - pos))
    const b = new Bytes(head)
    const key = b.varint()
    const wt = key & 7
    const [s, e] = b.field(wt)
    return { f: key >>> 3, wt, start: pos + s, end: pos + e }
  }
}

/**
 * The nodes, small initializers and outputs of an ONNX file's graph. Throws model_invalid.
 * Synchronous: a few hundred small reads even for a 1.5 GB graph, and callers cache the result.
 */
export function readGraphSummary(file: string): GraphSummary {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    throw new AppError('model_invalid', `onnx/${basename(file)} cannot be read.`, { file })
  }
  try {
    const c = new FileCursor(fd, fstatSync(fd).size)
    const out: GraphSummary = { nodes: [], consts: new Map(), outputs: [] }
    let graph: [number, number] | null = null
    for (let pos = 0; pos < c.size;) {
      const fl = c.field(pos)
      if (fl.f === 7 && fl.wt === 2) graph = [fl.start, fl.end]
      pos = fl.end
    }
    if (!graph) throw new RangeError('no graph')
    for (let pos = graph[0]; pos < graph[1];) {
      const fl = c.field(pos)
      pos = fl.end
      if (fl.wt !== 2) continue
      const len = fl.end - fl.start
      if (fl.f === 1 && len <= MAX_NODE_BYTES) {
        out.nodes.push(decodeNode(new Bytes(Buffer.from(c.bytes(fl.start, len)))))
      } else if (fl.f === 5) {
        const t = smallInitializer(c, fl.start, fl.end)
        if (t) out.consts.set(t.name, t.values)
      } else if (fl.f === 12) {
        const b = new Bytes(Buffer.from(c.bytes(fl.start, len)))
        while (b.pos < b.end) {
          const k = b.varint()
          const r = b.field(k & 7)
          if (k >>> 3 === 1) out.outputs.push(b.str(r))
        }
      }
    }
    return out
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(
      'model_invalid',
      `onnx/${basename(file)} is not a readable ONNX file (${(err as Error).message}). Download it again.`,
      { file }
    )
  } finally {
    closeSync(fd)
  }
}

/** An initializer's name and values when it has few elements; its payload is never read otherwise. */
function smallInitializer(
  c: FileCursor,
  start: number,
  end: number
): { name: string; values: Float64Array } | null {
  // a tensor of a few elements takes a few dozen bytes with its name; anything larger is a weight
  const len = end - start
  if (len <= 4096) {
    const t = decodeTensor(new Bytes(Buffer.from(c.bytes(start, len))))
    const v = tensorValues(t)
    return v ? { name: t.name, values: v } : null
  }
  return null
}
