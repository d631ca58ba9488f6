// `npx tsx bench/catalog-speed.ts DIR [--only name,...] [--seconds S] [--json]`
//
// The model-only CPU speed of each catalog geometry (issue 15): speed-test graphs (full-size, tiled
// random weights; scripts/clip-models/make_speedtest.py) in DIR/<name>/. Vision: images/s on ready
// tensors (batch 16; 4 for ViT-L/14, 2 for ViT-L/14@336, whose images cost 18x and 40x more);
// text: prompts/s at 77 tokens, batch 64 (the fixed padding MobileCLIP needs, CLIP's worst case).
// Same sessions and options as the app (session.ts).
// A machine shared with other work gives lower figures than a quiet one, so each graph is measured
// right after ViT-B/32's graph of the same kind and variant (bench/models), and the report also
// gives the ratio to it: ratio x B/32's quiet-machine figure (../shared/README.md) is the estimate
// the catalog carries.
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

async function measure(g: Graph, seconds: number): Promise<number> {
  const { session } = await createSession(g.file, planProviders('cpu'))
  try {
    if (g.kind === 'vision') {
      const r = await measureModelOnly(
        async (pixels, n) => {
          const t = new ort.Tensor('float32', pixels, [n, 3, g.imageSize, g.imageSize])
          const out = await session.run({ [session.inputNames[0]]: t }, ['image_embeds'])
          return out.image_embeds.data as Float32Array
        },
        { batch: g.batch, imageSize: g.imageSize, minSeconds: seconds, minBatches: 2 }
      )
      return r.imagesPerS
    }
    const ids = new BigInt64Array(g.batch * 77)
    for (let i = 0; i < ids.length; i++) ids[i] = BigInt(i % 77 === 76 ? 49407 : (i * 7919) % 49406)
    const run = (): Promise<unknown> =>
      session.run({ [session.inputNames[0]]: new ort.Tensor('int64', ids, [g.batch, 77]) }, ['text_embeds'])
    await run()
    let n = 0
    const t0 = performance.now()
    while (n < 2 || performance.now() - t0 < seconds * 1000) {
      await run()
      n++
    }
    return (n * g.batch * 1000) / (performance.now() - t0)
  } finally {
    await session.release()
  }
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
    b32_per_s: number
    ratio: number
    unit: string
    batch: number
  }[] = []
  for (const g of todo) {
    const b = baseline(g)
    const base = b === g ? null : await measure(b, Number(args.seconds))
    const perS = await measure(g, Number(args.seconds))
    const unit = g.kind === 'vision' ? 'images/s' : 'prompts/s (77 tokens)'
    const ratio = base ? perS / base : 1
    rows.push({ graph: g.name, per_s: perS, b32_per_s: base ?? perS, ratio, unit, batch: g.batch })
    process.stderr.write(
      `${g.name.padEnd(36)} ${perS.toFixed(3).padStart(8)} ${unit}, batch ${g.batch}; B/32 just before ${(base ?? perS).toFixed(2)}, ratio ${ratio.toFixed(4)}; load ${loadavg()[0].toFixed(1)}\n`
    )
  }
  if (args.json) process.stdout.write(JSON.stringify(rows) + '\n')
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
