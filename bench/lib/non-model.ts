// (c) non-model core-ms per image: the real pipeline (scan -> decode -> preprocess -> batch -> a
// real ONNX session -> scoring -> SQLite writes) around a near-free vision model of the same shapes,
// timed as CPU of the whole process (all threads: main, preprocessing workers, onnxruntime, libvips)
// divided by the images. A machine with C cores can feed at most C x 1000 / this images/s.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadEngine } from '../../src/main/clip/engine'
import { expandPrompts } from '../../src/main/clip/zeroshot'
import { getPreset } from '../../src/main/clip/presets'
import { Project } from '../../src/main/db/project'
import { prelabel } from '../../src/main/jobs/prelabel'
import { scanProject } from '../../src/main/jobs/scan'
import { cpuMs } from './cpu'

export interface NonModelResult {
  images: number
  /** CPU ms of scan + pre-labeling, all threads, per image */
  non_model_core_ms_per_image: number
  scan_core_ms_per_image: number
  prelabel_core_ms_per_image: number
  wall_img_s: number
  /** images/s this cost allows on 16 cores if nothing else limits */
  projected_16_core_img_s: number
}

export async function measureNonModel(
  modelDir: string,
  imagesDir: string,
  opts: { batch: number; workers?: number }
): Promise<NonModelResult> {
  const engine = await loadEngine({ modelDir, variant: 'fp32', ep: 'cpu' })
  const dir = mkdtempSync(join(tmpdir(), 'zebra-bench-null-'))
  try {
    const project = Project.create(join(dir, 'null.zebra'), {
      roots: [imagesDir],
      labels: getPreset('CIFAR10').classes.map((name) => ({ name }))
    })
    // text embeddings first and outside the timing: (c) is about images
    const templates = project.activeTemplateSet().templates
    await engine.embedTexts(
      project.activeLabels().flatMap((l) => expandPrompts(l.name, templates, l.descriptions))
    )
    const c0 = cpuMs()
    const t0 = performance.now()
    await scanProject(project)
    const c1 = cpuMs()
    const res = await prelabel(project, engine, { batch: opts.batch, workers: opts.workers })
    const c2 = cpuMs()
    const wall = (performance.now() - t0) / 1000
    project.close()
    const n = res.processed
    const perImage = (c2 - c0) / n
    return {
      images: n,
      non_model_core_ms_per_image: perImage,
      scan_core_ms_per_image: (c1 - c0) / n,
      prelabel_core_ms_per_image: (c2 - c1) / n,
      wall_img_s: n / wall,
      projected_16_core_img_s: (16 * 1000) / perImage
    }
  } finally {
    await engine.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}
