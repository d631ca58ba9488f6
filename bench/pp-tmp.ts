import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { decodeRgb, resizeCropNormalize } from '../src/main/clip/preprocess'
sharp.concurrency(1)
const cfg = { shortestEdge: 224, cropSize: 224, rescaleFactor: 1 / 255, mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] } as never
const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
void (async () => {
  const dir = process.argv[2]!
  const files = readdirSync(dir).filter((f) => f.endsWith('.jpg')).slice(0, 100)
  const out = new Float32Array(3 * 224 * 224)
  const per = new Map<string, { dec: number; rs: number; n: number }>()
  for (const f of files) {
    const buf = readFileSync(join(dir, f))
    const m = await sharp(buf).metadata()
    const k = `${m.width}x${m.height}`
    const c0 = cpu()
    const img = await decodeRgb(join(dir, f), 224)
    const c1 = cpu()
    resizeCropNormalize(img, cfg, out)
    const c2 = cpu()
    const e = per.get(k) ?? { dec: 0, rs: 0, n: 0 }
    e.dec += c1 - c0; e.rs += c2 - c1; e.n++
    per.set(k, e)
  }
  let td = 0, tr = 0, tn = 0
  for (const [k, e] of per) { console.log(k, e.n, 'decode', (e.dec / e.n).toFixed(1), 'resize', (e.rs / e.n).toFixed(1)); td += e.dec; tr += e.rs; tn += e.n }
  console.log('mean decode', (td / tn).toFixed(1), 'resize', (tr / tn).toFixed(1))
})()
