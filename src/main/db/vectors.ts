// float32 vectors <-> SQLite BLOBs (little-endian, the platform order on every target we ship).

export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
}

/** Copies: the Buffer better-sqlite3 returns may not be 4-byte aligned. */
export function fromBlob(b: Buffer | Uint8Array): Float32Array {
  const out = new Float32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return out
}
