// `npx tsx bench/catalog-speed.ts DIR [--only name,...] [--seconds S] [--json]`
//
// The model-only CPU speed of each catalog geometry: speed-test graphs (full-size, tiled
// random weights; scripts/clip-models/make_speedtest.py) in DIR/<name>/. Vision: images/s on ready
// tensors (batch 16; 4 for ViT-L/14, 2 for ViT-L/14@336, whose images cost 18x and 40x more);
// text: prompts/s at 77 tokens, batch 64 (the fixed padding MobileCLIP needs, CLIP's worst case).
// Same sessions and options as the app (session.ts).
// A machine shared with other work gives lower and noisier wall-clock figures than a quiet one, so
// each graph is also measured in CPU time (process.cpuUsage: what the two intra-op threads spent):
// images per CPU-second x 2 cores is what an idle 2-core machine would do with perfect scaling, and
// ViT-B/32 fp32's quiet figure (22 images/s, ../shared/README.md) calibrates that scaling; each graph
// is measured right after ViT-B/32's graph of the same kind and variant, so the wall-clock ratio to it
// is reported too.
import { existsSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as ort from 'onnxruntime-node'
import { createSession, planProviders } from '../src/main/clip/session'
import { measureModelOnly } from './lib/model-only'
import { speedtestOnnxDir } from './lib/models'

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false }
  }
})

interface Graph {
  name: string
  file: string
  kind: 'vision' | 'text'
  imageSize: number
  batch: number
}

function graphs(dir: string): Graph[] {
  const b32 = speedtestOnnxDir()
  const g: Graph[] = []
  const add = (name: string, d: string, kind: 'vision' | 'text', imageSize: number, batch: number): void => {
    for (const suffix of ['', '_quantized']) {
      const file = join(d, `${kind}_model${suffix}.onnx`)
      if (existsSync(file))
        g.push({ name: `${name} ${suffix ? 'quantized' : 'fp32'}`, file, kind, imageSize, batch })
    }
  }
  add('B/32 vision', b32, 'vision', 224, 16)
  add('B/32 text', b32, 'text', 0, 64)
  // B/32 re-quantized by scripts/clip-models/quantize.py: checks that quantizer against the Hub-made one
  add('B/32 vision (requantized)', join(dir, 'b32-requant'), 'vision', 224, 16)
  add('B/16 vision', join(dir, 'b16'), 'vision', 224, 16)
  add('L/14 vision', join(dir, 'l14'), 'vision', 224, 4)
  add('L/14@336 vision', join(dir, 'l14-336'), 'vision', 336, 2)
  add('L/14 text', join(dir, 'l14-text'), 'text', 0, 64)
  return g
}

interface Measured {
  perS: number
  /** items per CPU-second of this process */
  perCpuS: number
}

async function measure(g: Graph, seconds: number): Promise<Measured> {
  const { session } = await createSession(g.file, planProviders('cpu'))
  let items = 0
  let cpu0 = process.cpuUsage()
  const timed = async <T>(f: () => Promise<T>, n: number): Promise<T> => {
    const r = await f()
    items += n
    return r
  }
  try {
    if (g.kind === 'vision') {
      let warm = true
      const r = await measureModelOnly(
        async (pixels, n) => {
          const t = new ort.Tensor('float32', pixels, [n, 3, g.imageSize, g.imageSize])
          const run = (): Promise<ort.InferenceSession.OnnxValueMapType> =>
            session.run({ [session.inputNames[0]]: t }, ['image_embeds'])
          // the first call is measureModelOnly's warm-up: outside the CPU count
          const out = warm ? await run() : await timed(run, n)
          if (warm) {
            warm = false
            cpu0 = process.cpuUsage()
          }
          return out.image_embeds.data as Float32Array
        },
        { batch: g.batch, imageSize: g.imageSize, minSeconds: seconds, minBatches: 2 }
      )
      return { perS: r.imagesPerS, perCpuS: items / cpuSeconds(cpu0) }
    }
    const ids = new BigInt64Array(g.batch * 77)
    for (let i = 0; i < ids.length; i++) ids[i] = BigInt(i % 77 === 76 ? 49407 : (i * 7919) % 49406)
    const run = (): Promise<unknown> =>
      session.run({ [session.inputNames[0]]: new ort.Tensor('int64', ids, [g.batch, 77]) }, ['text_embeds'])
    await run()
    cpu0 = process.cpuUsage()
    let n = 0
    const t0 = performance.now()
    while (n < 2 || performance.now() - t0 < seconds * 1000) {
      await timed(run, g.batch)
      n++
    }
    return { perS: (n * g.batch * 1000) / (performance.now() - t0), perCpuS: items / cpuSeconds(cpu0) }
  } finally {
    await session.release()
  }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since)
  return (d.user + d.system) / 1e6
}

async function main(): Promise<void> {
  const dir = positionals[0]
  if (!dir) throw new Error('usage: npx tsx bench/catalog-speed.ts DIR [--only name,...]')
  const only = args.only?.split(',').map((s) => s.trim().toLowerCase())
  const todo = graphs(dir).filter((g) => !only || only.some((o) => g.name.toLowerCase().includes(o)))
  process.stderr.write(
    `${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'}), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`
  )
  const all = graphs(dir)
  const baseline = (g: Graph): Graph =>
    all.find((b) => b.name === `B/32 ${g.kind} ${g.name.split(' ').at(-1)}`) ?? g
  const rows: {
    graph: string
    per_s: number
    per_cpu_s: number
    b32_per_s: number
    ratio: number
    unit: string
    batch: number
  }[] = []
  for (const g of todo) {
    const b = baseline(g)
    const base = b === g ? null : await measure(b, Number(args.seconds))
    const m = await measure(g, Number(args.seconds))
    const unit = g.kind === 'vision' ? 'images/s' : 'prompts/s (77 tokens)'
    const ratio = base ? m.perS / base.perS : 1
    rows.push({
      graph: g.name,
      per_s: m.perS,
      per_cpu_s: m.perCpuS,
      b32_per_s: base?.perS ?? m.perS,
      ratio,
      unit,
      batch: g.batch
    })
    process.stderr.write(
      `${g.name.padEnd(36)} ${m.perS.toFixed(3).padStart(8)} ${unit} (${m.perCpuS.toFixed(3)} per CPU-s), batch ${g.batch}; B/32 just before ${(base?.perS ?? m.perS).toFixed(2)} (${(base?.perCpuS ?? m.perCpuS).toFixed(2)} per CPU-s), wall ratio ${ratio.toFixed(4)}; load ${loadavg()[0].toFixed(1)}\n`
    )
  }
  if (args.json) process.stdout.write(JSON.stringify(rows) + '\n')
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
