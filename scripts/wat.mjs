// The one place that turns WebAssembly text into bytes (wabt), for the build script and its test.
import wabtInit from 'wabt'

export async function compileResampleWat(text) {
  const wabt = await wabtInit()
  const mod = wabt.parseWat('resample.wat', text, { simd: true })
  try {
    mod.validate()
    return mod.toBinary({ log: false, write_debug_names: false }).buffer
  } finally {
    mod.destroy()
  }
}
