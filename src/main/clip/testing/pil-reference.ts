// Test-only: openai CLIP's own preprocessing, run in PIL by the system python3 (Debian's
// python3-pil; .ci/run installs it), as the reference the preprocessing shortcuts are measured
// against, and deterministic test photos to run it on. A python3 without PIL fails the test with
// how to get it, never a silent skip. Not imported by app code.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import type { PreprocessConfig } from '../model-folder'

const PYTHON = process.env.ZEBRA_TEST_PYTHON ?? '/usr/bin/python3'

// EXIF transpose, RGB, shortest side to `size` (PIL filter `resample`, long side int()-truncated,
// unchanged when the short side already is `size`), centre crop with round(): torchvision's
// Resize + CenterCrop on a PIL image. With a box (x0 y0 x1 y1 in argv): PIL's resize(box=...) to
// size x size instead, no crop. Writes the 8-bit RGB crops, one after the other.
const SCRIPT = `
import sys
from PIL import Image, ImageOps
size, crop, resample, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
args = sys.argv[5:]
box = None
if args[0] == '--box':
    box, args = tuple(float(v) for v in args[1:5]), args[5:]
with open(out, 'wb') as o:
    for f in args:
        im = ImageOps.exif_transpose(Image.open(f)).convert('RGB')
        if box:
            o.write(im.resize((size, size), resample, box=box).tobytes())
            continue
        w, h = im.size
        if (w <= h and w == size) or (h <= w and h == size):
            nw, nh = w, h
        elif w < h:
            nw, nh = size, int(size * h / w)
        else:
            nw, nh = int(size * w / h), size
        im = im.resize((nw, nh), resample)
        l, t = int(round((nw - crop) / 2.0)), int(round((nh - crop) / 2.0))
        o.write(im.crop((l, t, l + crop, t + crop)).tobytes())
`

/**
 * PIL's pixels for each file as normalised float32 CHW crops (cfg's numbers), one array per file.
 * `box`: PIL's resize of that stretch to cropSize x cropSize instead of the shortest-side resize.
 */
export function pilReference(
  files: string[],
  cfg: PreprocessConfig,
  dir: string,
  box?: [number, number, number, number]
): Float32Array[] {
  const out = join(dir, 'pil-reference.u8')
  const args = [String(cfg.shortestEdge), String(cfg.cropSize), String(cfg.resample), out]
  const r = spawnSync(
    PYTHON,
    ['-c', SCRIPT, ...args, ...(box ? ['--box', ...box.map(String)] : []), ...files],
    { encoding: 'utf8', timeout: 300_000 }
  )
  if (r.status !== 0) {
    const why = (r.error?.message ?? r.stderr).trim().split('\n').pop()
    throw new Error(
      `The preprocessing fidelity tests compare with PIL, and ${PYTHON} could not run it (${why}).` +
        ' Install it: apt-get install python3-pil (or point ZEBRA_TEST_PYTHON at a python3 with Pillow).'
    )
  }
  const bytes = readFileSync(out)
  const c = cfg.cropSize
  const plane = c * c
  return files.map((_, i) => {
    const px = new Float32Array(3 * plane)
    for (let p = 0; p < plane; p++)
      for (let ch = 0; ch < 3; ch++) {
        const v = bytes[(i * plane + p) * 3 + ch]!
        px[ch * plane + p] = (v * cfg.rescaleFactor - cfg.mean[ch]) / cfg.std[ch]
      }
    return px
  })
}

/** an integer hash of a pixel position: the grain of the test photos */
function hash(x: number, y: number, c: number): number {
  let k = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(c + 1, 0x9e3779b1)
  k ^= k >>> 15
  k = Math.imul(k, 0x85ebca6b)
  return k ^ (k >>> 13)
}

/**
 * A test image, the same on every run: waves a few model pixels long (where a misplaced resampling
 * grid shows: a tenth of a pixel moves them visibly) over light per-pixel grain, as a JPEG (quality
 * 90, EXIF orientation when given; width x height as stored) or a PNG. `scale`: source pixels per
 * model pixel, so the waves keep their length in the model's input at any image size.
 */
export async function writeTestPhoto(
  file: string,
  width: number,
  height: number,
  scale: number,
  orientation = 1
): Promise<void> {
  const px = Buffer.alloc(width * height * 3)
  const waves = (n: number, period: number, phase: number): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / (period * scale) + phase))
  const sx = [0, 1, 2].map((c) => waves(width, [10, 16, 25][c]!, c))
  const sy = [0, 1, 2].map((c) => waves(height, [19, 9, 13][c]!, 1.5 - c))
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        const v = 128 + 50 * (sx[c]![x]! + sy[c]![y]!) + ((hash(x, y, c) & 15) - 8)
        px[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)))
      }
  const img = sharp(px, { raw: { width, height, channels: 3 } })
  if (file.endsWith('.png')) await img.png({ compressionLevel: 1 }).toFile(file)
  else await img.withMetadata({ orientation }).jpeg({ quality: 90 }).toFile(file)
}
