// The full-size ViT-B/32 speed-test graphs (tiled random weights: real shapes, operations and cost,
// meaningless outputs) assembled into a Hugging Face-layout model folder the engine can load.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { demoModelDir } from '../../src/main/paths'

// bench/models beside this file, or from the repository root when bundled (GPU runs)
const XZ_DIR = [join(__dirname, '..', 'models'), join(process.cwd(), 'bench', 'models')].find((d) =>
  existsSync(d)
)!

/** Unpacks bench/models/*.onnx.xz once into a temp folder (or uses SPEEDTEST_MODELS, as on the GPU machine). */
export function speedtestOnnxDir(): string {
  if (process.env.SPEEDTEST_MODELS) return process.env.SPEEDTEST_MODELS
  const dir = join(tmpdir(), 'zebra-bench-onnx')
  mkdirSync(dir, { recursive: true })
  for (const f of readdirSync(XZ_DIR).filter((n) => n.endsWith('.onnx.xz'))) {
    const out = join(dir, f.slice(0, -3))
    if (existsSync(out) && statSync(out).size > 0) continue
    const bytes = execFileSync('xz', ['-dc', join(XZ_DIR, f)], { maxBuffer: 1 << 30 })
    writeFileSync(out, bytes)
  }
  return dir
}

/** A model folder: the demo model's tokenizer files, ViT-B/32's config and preprocessing, the speed-test graphs. */
export function speedtestModelDir(): string {
  const onnx = speedtestOnnxDir()
  const dir = join(tmpdir(), 'zebra-bench-model')
  mkdirSync(join(dir, 'onnx'), { recursive: true })
  const demo = demoModelDir()
  for (const f of readdirSync(demo)) {
    if (f.endsWith('.json') || f.endsWith('.txt')) copyFileSync(join(demo, f), join(dir, f))
  }
  // ViT-B/32's 224 px preprocessing (the demo model crops to 64 px; the engine refuses a crop size
  // the vision graph does not take)
  const pre = [join(__dirname, '..', '..'), process.cwd()]
    .map((r) => join(r, 'test', 'fixtures', 'tiny-clip', 'preprocessor_config.json'))
    .find((f) => existsSync(f))
  if (pre) copyFileSync(pre, join(dir, 'preprocessor_config.json'))
  const config = JSON.parse(readFileSync(join(demo, 'config.json'), 'utf8'))
  config.projection_dim = 512
  Object.assign(config.text_config, {
    hidden_size: 512,
    intermediate_size: 2048,
    num_attention_heads: 8,
    num_hidden_layers: 12,
    projection_dim: 512
  })
  Object.assign(config.vision_config, {
    hidden_size: 768,
    intermediate_size: 3072,
    num_attention_heads: 12,
    num_hidden_layers: 12,
    projection_dim: 512
  })
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2))
  for (const f of readdirSync(onnx).filter((n) => n.endsWith('.onnx'))) {
    const target = join(dir, 'onnx', basename(f))
    if (!existsSync(target) || statSync(target).size !== statSync(join(onnx, f)).size) {
      copyFileSync(join(onnx, f), target)
    }
  }
  return dir
}

/**
 * The speed-test folder with its vision model swapped for bench/models/vision_model_null.onnx
 * (same input and output, one pass over the pixels; make-null-vision.py): what a pipeline costs
 * around it is the pipeline's own cost, not the model's.
 */
export function nullModelDir(): string {
  const full = speedtestModelDir()
  const dir = join(tmpdir(), 'zebra-bench-null-model')
  mkdirSync(join(dir, 'onnx'), { recursive: true })
  for (const f of readdirSync(full).filter((n) => n.endsWith('.json') || n.endsWith('.txt')))
    copyFileSync(join(full, f), join(dir, f))
  const text = join(dir, 'onnx', 'text_model.onnx')
  const src = join(full, 'onnx', 'text_model.onnx')
  if (!existsSync(text) || statSync(text).size !== statSync(src).size) copyFileSync(src, text)
  copyFileSync(join(XZ_DIR, 'vision_model_null.onnx'), join(dir, 'onnx', 'vision_model.onnx'))
  return dir
}
