// `npm run bench [-- --images N --variants fp32,quantized --ep cpu --batch 16 --json]`
// `npm run bench -- --scale-only --sizes 10k,100k,1m` (the review loop at scale, nothing else)
// `npm run bench -- --team [--team-images 100k --team-annotators 8 --team-decisions 400]` (a team
// project on a throwaway PostgreSQL server, nothing else; opt-in: it needs the server binaries)
// `npm run bench -- --scale-only --sizes 10k --tag-sizes 1m` (a tags project of 50 tags at 1M images)
//
// Measures, in one run and with the same provider and batch:
//  (a) the model-only ceiling: images/s of the vision session on ready tensors;
//  (b) end-to-end pre-labeling through the real job into a real project file (decode, preprocess,
//      inference, SQLite writes), and the ratio b/a, per-stage times and peak RSS;
//  (c) non-model core-ms per image: the same pipeline around a near-free model of the same shapes,
//      CPU time of the whole process / images, on the camera mix and an ImageNet-like dataset mix;
//  text encoding of CIFAR-100 x 18 templates cold and cached; the review loop (decide + next,
//  totals, grid, bulk accept, undo) on synthetic projects of --sizes images; a tags project's key
//  press, tag pass, bulk mark and rescore on synthetic tags projects of --tag-sizes images.
// Speed targets live here, not in tests: these numbers depend on the machine.
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { clearTextCache, loadEngine } from '../src/main/clip/engine'
import { expandPrompts } from '../src/main/clip/zeroshot'
import { getPreset } from '../src/main/clip/presets'
import { Project } from '../src/main/db/project'
import { scanProject } from '../src/main/jobs/scan'
import { prelabel } from '../src/main/jobs/prelabel'
import type { ExecutionProvider, Variant } from '../src/shared/contract'
import { describeMix, generateImages, type Mix } from './lib/images'
import { measureModelOnly } from './lib/model-only'
import { nullModelDir, speedtestModelDir } from './lib/models'
import { measureNonModel, type NonModelResult } from './lib/non-model'
import { describeScale, measureScale, parseSize, type ScaleResult } from './lib/scale'
import { describeTags, measureTags, type TagsResult } from './lib/tags'
import { measureStartup } from './lib/startup'
import { cpuMs } from './lib/cpu'
import { describeTeam, measureTeam } from './lib/team'

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '200' },
    variants: { type: 'string', default: 'fp32,quantized' },
    ep: { type: 'string', default: 'cpu' },
    batch: { type: 'string' },
    concurrency: { type: 'string' },
    'model-seconds': { type: 'string', default: '8' },
    // review at scale, comma-separated sizes such as 10k,100k,1m (1m takes ~8 min to build on 2
    // cores, so the default and CI stay small); --scale-sizes is the older name
    sizes: { type: 'string' },
    'scale-sizes': { type: 'string' },
    'scale-only': { type: 'boolean', default: false },
    // a tags project of 50 tags at these sizes (1m takes ~10 min to build on 2 cores)
    'tag-sizes': { type: 'string', default: '10k' },
    'skip-tags': { type: 'boolean', default: false },
    'skip-text': { type: 'boolean', default: false },
    'skip-scale': { type: 'boolean', default: false },
    'skip-e2e': { type: 'boolean', default: false },
    // (c) non-model core-ms per image, per image mix (the first is the one in the top-level fields)
    mixes: { type: 'string', default: 'camera,dataset' },
    'skip-non-model': { type: 'boolean', default: false },
    // (c) alone: no model benchmarks, text or review-at-scale (for tuning the image pipeline)
    'non-model-only': { type: 'boolean', default: false },
    // (c) is measured this many times per mix and the median run reported (CPU time on a shared
    // machine wanders by ~10% between runs)
    'non-model-runs': { type: 'string', default: '3' },
    workers: { type: 'string' },
    team: { type: 'boolean', default: false },
    'team-images': { type: 'string', default: '100k' },
    'team-annotators': { type: 'string', default: '8' },
    // per annotator
    'team-decisions': { type: 'string', default: '400' },
    'team-batch': { type: 'string', default: '50' },
    'team-sync-ms': { type: 'string', default: '250' },
    // added each way by a proxy in front of the server
    'team-latency': { type: 'string', default: '0' },
    // a folder for the member processes' CPU profiles (node --cpu-prof)
    'team-cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false }
  }
})

const say = (s: string): void => {
  if (!args.json) process.stdout.write(s + '\n')
  else process.stderr.write(s + '\n')
}

interface VariantResult {
  variant: Variant
  provider: string
  batch: number
  model_only_img_s: number
  end_to_end_img_s: number
  ratio: number
  images: number
  stage_ms: { decode: number; infer: number; write: number; waitPixels: number }
  scan_s: number
  /** model cost / (model cost + (c)): the most b/a can be when both share the CPU */
  ratio_ceiling?: number
}

function peakRssMb(): number {
  // maxRSS is in kilobytes
  return process.resourceUsage().maxRSS / 1024
}

async function benchVariant(
  modelDir: string,
  imagesDir: string,
  variant: Variant,
  ep: ExecutionProvider
): Promise<VariantResult> {
  const engine = await loadEngine({ modelDir, variant, ep })
  const batch = Number(args.batch ?? (engine.provider === 'cpu' ? 16 : 128))
  say(
    `\n== ${variant} on ${engine.provider}${engine.providerNote ? ` (${engine.providerNote})` : ''}, batch ${batch}`
  )

  const a = await measureModelOnly((px, n) => engine.embedPixels(px, n), {
    batch,
    imageSize: engine.imageSize,
    minSeconds: Number(args['model-seconds'])
  })
  say(
    `(a) model only: ${a.imagesPerS.toFixed(1)} images/s (${a.batches} batches, ${a.msPerBatch.toFixed(0)} ms each)`
  )

  if (args['skip-e2e']) {
    await engine.dispose()
    return {
      variant,
      provider: engine.provider,
      batch,
      model_only_img_s: a.imagesPerS,
      end_to_end_img_s: NaN,
      ratio: NaN,
      images: 0,
      stage_ms: { decode: 0, infer: 0, write: 0, waitPixels: 0 },
      scan_s: 0
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'zebra-bench-project-'))
  try {
    const cifar10 = getPreset('CIFAR10')
    const project = Project.create(join(dir, 'bench.zebra'), {
      roots: [imagesDir],
      labels: cifar10.classes.map((name) => ({ name }))
    })
    const ts = Date.now()
    await scanProject(project)
    const scanS = (Date.now() - ts) / 1000
    // Warm the text cache so (b) times the image pipeline, not the label set's text encoding
    // (that is measured on its own below).
    const templates = project.activeTemplateSet().templates
    await engine.embedTexts(
      project.activeLabels().flatMap((l) => expandPrompts(l.name, templates, l.descriptions))
    )

    const t0 = performance.now()
    const c0 = cpuMs()
    const res = await prelabel(project, engine, {
      batch,
      concurrency: args.concurrency ? Number(args.concurrency) : undefined,
      workers: args.workers ? Number(args.workers) : undefined
    })
    const seconds = (performance.now() - t0) / 1000
    // how much of the machine the run kept busy: what it left idle is lost to the model
    const busy = (cpuMs() - c0) / (seconds * 1000 * availableParallelism())
    const b = res.processed / seconds
    project.close()
    const s = res.stageMs
    say(
      `(b) end to end: ${b.toFixed(1)} images/s over ${res.processed} images (${seconds.toFixed(1)} s; scan ${scanS.toFixed(1)} s; cores ${(100 * busy).toFixed(0)}% busy)`
    )
    say(
      `    stages: decode+preprocess ${(s.decode / 1000).toFixed(1)} s (summed over parallel decodes), inference ${(s.infer / 1000).toFixed(1)} s, writes ${(s.write / 1000).toFixed(2)} s, waiting for pixels ${(s.waitPixels / 1000).toFixed(2)} s`
    )
    say(`    ratio b/a = ${(b / a.imagesPerS).toFixed(3)}`)
    return {
      variant,
      provider: engine.provider,
      batch,
      model_only_img_s: a.imagesPerS,
      end_to_end_img_s: b,
      ratio: b / a.imagesPerS,
      images: res.processed,
      stage_ms: s,
      scan_s: scanS
    }
  } finally {
    await engine.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function benchText(
  modelDir: string,
  ep: ExecutionProvider
): Promise<{ cold: number; cached: number; prompts: number }> {
  const engine = await loadEngine({ modelDir, variant: 'fp32', ep })
  try {
    const cifar100 = getPreset('CIFAR100')
    const prompts = cifar100.classes.flatMap((c) => expandPrompts(c, cifar100.templates, []))
    clearTextCache()
    const t0 = performance.now()
    await engine.embedTexts(prompts)
    const cold = (performance.now() - t0) / 1000
    const t1 = performance.now()
    await engine.embedTexts(prompts)
    const cached = (performance.now() - t1) / 1000
    say(
      `\ntext: CIFAR-100 x ${cifar100.templates.length} templates = ${prompts.length} prompts on ${engine.provider}: cold ${cold.toFixed(2)} s (${(prompts.length / cold).toFixed(0)} prompts/s), cached ${cached.toFixed(4)} s`
    )
    return { cold, cached, prompts: prompts.length }
  } finally {
    await engine.dispose()
  }
}

function scaleSizes(): number[] {
  return (args.sizes ?? args['scale-sizes'] ?? '10k,100k').split(',').map(parseSize)
}

async function benchScale(sizes: number[]): Promise<ScaleResult[]> {
  const scale: ScaleResult[] = []
  for (const size of sizes) {
    const r = await measureScale(size)
    say('\n' + describeScale(r))
    scale.push(r)
  }
  return scale
}

async function benchTags(sizes: number[]): Promise<TagsResult[]> {
  const out: TagsResult[] = []
  for (const size of sizes) {
    const r = await measureTags(size)
    say('\n' + describeTags(r))
    out.push(r)
  }
  return out
}

async function main(): Promise<void> {
  // parsed first: a mistyped size fails now, not after the model benchmarks
  const sizes = args['skip-scale'] ? [] : scaleSizes()
  const tagSizes = args['skip-tags'] ? [] : args['tag-sizes']!.split(',').map(parseSize)
  if (args.team) {
    say(`Zebra benchmark, team project: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'})`)
    const team = await measureTeam(
      {
        images: parseSize(args['team-images']!),
        annotators: Number(args['team-annotators']),
        decisions: Number(args['team-decisions']),
        batch: Number(args['team-batch']),
        syncMs: Number(args['team-sync-ms']),
        latencyMs: Number(args['team-latency']),
        cpuProfDir: args['team-cpu-prof']
      },
      say
    )
    say(describeTeam(team))
    if (args.json) process.stdout.write(JSON.stringify({ team }) + '\n')
    return
  }
  if (args['scale-only']) {
    say(`Zebra benchmark, review at scale: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'})`)
    const scale = await benchScale(sizes)
    const tags = await benchTags(tagSizes)
    if (args.json) process.stdout.write(JSON.stringify({ scale, tags }) + '\n')
    return
  }
  const n = Number(args.images)
  const ep = args.ep as ExecutionProvider
  const variants = (args['non-model-only'] ? [] : args.variants!.split(',').map((v) => v.trim())) as Variant[]
  say(
    `Zebra benchmark: ${n} images, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'}), provider ${ep}`
  )
  const tm = Date.now()
  const modelDir = speedtestModelDir()
  const imagesDir = args['skip-e2e'] && !args['non-model-only'] ? '-' : await generateImages(n)
  say(`setup: model folder ${modelDir}, images ${imagesDir} (${((Date.now() - tm) / 1000).toFixed(1)} s)`)

  say(`camera mix: ${describeMix(n, 'camera')}`)
  const results: VariantResult[] = []
  for (const v of variants) results.push(await benchVariant(modelDir, imagesDir, v, ep))
  const nonModel: Record<string, NonModelResult & { mix: string; runs: number[] }> = {}
  if (!args['skip-non-model']) {
    const nullDir = nullModelDir()
    for (const mix of args.mixes!.split(',').map((m) => m.trim()) as Mix[]) {
      const dir = mix === 'camera' && !args['skip-e2e'] ? imagesDir : await generateImages(n, mix)
      const runs: NonModelResult[] = []
      for (let i = 0; i < Math.max(1, Number(args['non-model-runs'])); i++)
        runs.push(
          await measureNonModel(nullDir, dir, {
            batch: results[0]?.batch ?? 16,
            workers: args.workers ? Number(args.workers) : undefined
          })
        )
      runs.sort((x, y) => x.non_model_core_ms_per_image - y.non_model_core_ms_per_image)
      const r = runs[Math.floor(runs.length / 2)]!
      const spread = runs.map((x) => x.non_model_core_ms_per_image.toFixed(1)).join(', ')
      nonModel[mix] = { ...r, mix: describeMix(n, mix), runs: runs.map((x) => x.non_model_core_ms_per_image) }
      say(
        `\n(c) non-model cost, ${mix} mix (${nonModel[mix].mix}): ${r.non_model_core_ms_per_image.toFixed(1)} core-ms per image (scan ${r.scan_core_ms_per_image.toFixed(1)}, pre-label ${r.prelabel_core_ms_per_image.toFixed(1)}; median of ${runs.length} runs: ${spread}) with a near-free model; ${r.wall_img_s.toFixed(0)} images/s here; 16 cores could feed ${r.projected_16_core_img_s.toFixed(0)} images/s`
      )
      // on a CPU the model and the rest share the cores: b/a can be at most a's cost over both
      if (mix === 'camera')
        for (const v of results.filter((x) => Number.isFinite(x.ratio))) {
          const modelCoreMs = (1000 * availableParallelism()) / v.model_only_img_s
          v.ratio_ceiling = modelCoreMs / (modelCoreMs + r.non_model_core_ms_per_image)
          say(
            `    ${v.variant}: the model costs ${modelCoreMs.toFixed(1)} core-ms per image here, so b/a can reach at most ${v.ratio_ceiling.toFixed(3)} (measured ${v.ratio.toFixed(3)})`
          )
        }
    }
  }
  if (args['non-model-only']) {
    if (args.json) process.stdout.write(JSON.stringify({ non_model: nonModel }) + '\n')
    return
  }
  const text = args['skip-text'] ? null : await benchText(modelDir, ep)
  const scale = await benchScale(sizes)
  const tags = await benchTags(tagSizes)
  const startup = await measureStartup()
  say(
    `\nstartup: "auto" resolves to ${startup.auto_provider} in ${startup.auto_resolve_ms.toFixed(0)} ms (demo model); a download fails offline in ${startup.offline_fail_ms.toFixed(0)} ms`
  )
  const peak = peakRssMb()
  say(`\npeak RSS ${peak.toFixed(0)} MB`)
  const first = results[0]!
  const out = {
    provider: first.provider,
    images: n,
    model_only_img_s: first.model_only_img_s,
    end_to_end_img_s: first.end_to_end_img_s,
    ratio: first.ratio,
    non_model_core_ms_per_image: Object.values(nonModel)[0]?.non_model_core_ms_per_image ?? null,
    peak_rss_mb: peak,
    non_model: nonModel,
    text_cold_s: text?.cold ?? null,
    text_cached_s: text?.cached ?? null,
    text_prompts: text?.prompts ?? null,
    variants: results,
    scale,
    tags,
    startup
  }
  if (args.json) process.stdout.write(JSON.stringify(out) + '\n')
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
