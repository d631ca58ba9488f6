// `npx tsx bench/catalog-speed.ts DIR [--only name,...] [--seconds S] [--repeat N] [--json]`
//
// The model-only CPU speed of each catalog geometry: speed-test graphs (full-size, tiled
// random weights; scripts/clip-models/make_speedtest.py) in DIR/<name>/. Vision: images/s on ready
// tensors (batch 16; 4 for ViT-L/14, 2 for ViT-L/14@336, whose images cost 18x and 40x more);
// text: prompts/s at 77 tokens, batch 64 (the fixed padding MobileCLIP needs, CLIP's worst case;
// other text towers at the lengths the app feeds them, bench/lib/speed-graphs.ts).
// Same sessions and options as the app (session.ts).
// A machine shared with other work gives lower and noisier wall-clock figures than a quiet one, so
// each graph is also measured in CPU time (process.cpuUsage: what the two intra-op threads spent):
// images per CPU-second x 2 cores is what an idle 2-core machine would do with perfect scaling, and
// ViT-B/32 fp32's quiet figure (22 images/s, ../shared/README.md) calibrates that scaling; each graph
// is measured right after ViT-B/32's graph of the same kind and variant, so the wall-clock ratio to it
// is reported too. --repeat N (default 2) runs that pair N times (A B A B) and reports medians.
import { availableParallelism, cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import * as ort from 'onnxruntime-node'
import { createSession, planProviders } from '../src/main/clip/session'
import { measureModelOnly } from './lib/model-only'
import { baselineName, QUIET, speedGraphs, type Graph } from './lib/speed-graphs'

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false }
  }
})

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
            session.run({ [session.inputNames[0]]: t }, [g.output])
          // the first call is measureModelOnly's warm-up: outside the CPU count
          const out = warm ? await run() : await timed(run, n)
          if (warm) {
            warm = false
            cpu0 = process.cpuUsage()
          }
          return out[g.output].data as Float32Array
        },
        { batch: g.batch, imageSize: g.imageSize, minSeconds: seconds, minBatches: 2 }
      )
      return { perS: r.imagesPerS, perCpuS: items / cpuSeconds(cpu0) }
    }
    const ids = new BigInt64Array(g.batch * g.tokens)
    const clip = g.vocab === 49408
    for (let i = 0; i < ids.length; i++) {
      // CLIP pools at its end token (the highest id); the others' ids just avoid the special ones
      ids[i] = clip
        ? BigInt(i % g.tokens === g.tokens - 1 ? 49407 : (i * 7919) % 49406)
        : BigInt(3 + ((i * 7919) % (g.vocab - 3)))
    }
    const dims = [g.batch, g.tokens]
    const feeds: Record<string, ort.Tensor> = { [session.inputNames[0]]: new ort.Tensor('int64', ids, dims) }
    if (g.mask) feeds.attention_mask = new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims)
    const run = (): Promise<unknown> => session.run(feeds, [g.output])
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

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

async function main(): Promise<void> {
  const dir = positionals[0]
  if (!dir) throw new Error('usage: npx tsx bench/catalog-speed.ts DIR [--only name,...]')
  const only = args.only?.split(',').map((s) => s.trim().toLowerCase())
  const all = speedGraphs(dir)
  const todo = all.filter((g) => !only || only.some((o) => g.name.toLowerCase().includes(o)))
  const repeat = Math.max(1, Number(args.repeat))
  process.stderr.write(
    `${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'}), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`
  )
  const rows: {
    graph: string
    per_s: number
    per_cpu_s: number
    b32: string
    b32_per_s: number
    b32_per_cpu_s: number
    ratio: number
    cpu_ratio: number
    /** cpu_ratio x the B/32 graph's quiet figure: the catalog's number */
    catalog: number | null
    unit: string
    batch: number
    pairs: number
  }[] = []
  for (const g of todo) {
    const b = all.find((x) => x.name === baselineName(g))
    const pairs: { m: Measured; base: Measured | null }[] = []
    // A B A B: the machine's load drifts, so each pair is a ratio and the report their median
    for (let i = 0; i < repeat; i++) {
      const base = !b || b === g ? null : await measure(b, Number(args.seconds))
      const m = await measure(g, Number(args.seconds))
      pairs.push({ m, base })
      process.stderr.write(
        `  ${g.name} pair ${i + 1}: ${m.perS.toFixed(3)}/s (${m.perCpuS.toFixed(3)} per CPU-s); ${b?.name ?? '-'} ${(base?.perS ?? m.perS).toFixed(3)}/s (${(base?.perCpuS ?? m.perCpuS).toFixed(3)} per CPU-s); load ${loadavg()[0].toFixed(1)}\n`
      )
    }
    const unit = g.kind === 'vision' ? 'images/s' : `prompts/s (${g.tokens} tokens)`
    const ratio = median(pairs.map((p) => (p.base ? p.m.perS / p.base.perS : 1)))
    const cpuRatio = median(pairs.map((p) => (p.base ? p.m.perCpuS / p.base.perCpuS : 1)))
    const quiet = b ? QUIET[b.name] : undefined
    const row = {
      graph: g.name,
      per_s: median(pairs.map((p) => p.m.perS)),
      per_cpu_s: median(pairs.map((p) => p.m.perCpuS)),
      b32: b?.name ?? g.name,
      b32_per_s: median(pairs.map((p) => (p.base ?? p.m).perS)),
      b32_per_cpu_s: median(pairs.map((p) => (p.base ?? p.m).perCpuS)),
      ratio,
      cpu_ratio: cpuRatio,
      catalog: quiet === undefined ? null : cpuRatio * quiet,
      unit,
      batch: g.batch,
      pairs: pairs.length
    }
    rows.push(row)
    process.stderr.write(
      `${g.name.padEnd(36)} ${row.per_s.toFixed(3).padStart(8)} ${unit} (${row.per_cpu_s.toFixed(3)} per CPU-s), batch ${g.batch}; ${row.b32} just before ${row.b32_per_s.toFixed(2)} (${row.b32_per_cpu_s.toFixed(2)} per CPU-s); median of ${pairs.length}: wall ratio ${ratio.toFixed(4)}, CPU ratio ${cpuRatio.toFixed(4)}${row.catalog === null ? '' : `, catalog ${row.catalog.toFixed(2)} ${unit.split(' ')[0]}`}\n`
    )
  }
  if (args.json) process.stdout.write(JSON.stringify(rows) + '\n')
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
