/** WebAssembly text -> bytes (wabt), SIMD enabled and validated. */
export function compileResampleWat(text: string): Promise<Uint8Array>
