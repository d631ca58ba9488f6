import sharp from 'sharp'
import { readFileSync } from 'node:fs'
void (async () => {
  for (const f of ['/tmp/zebra-bench-images-100/img_000040.jpg','/tmp/zebra-bench-images-100/img_000095.jpg']) {
    const b = readFileSync(f)
    const m = await sharp(b).metadata()
    for (const s of [1, 2, 4]) {
      const t = process.cpuUsage()
      let out
      for (let i = 0; i < 5; i++) out = await sharp(b).rotate().resize({ width: Math.ceil(m.width! / s), height: Math.ceil(m.height! / s), fit: 'fill', fastShrinkOnLoad: true }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
      const u = process.cpuUsage(t)
      console.log(m.width, m.height, s, out!.info.width, out!.info.height, ((u.user + u.system) / 5000).toFixed(1), 'ms')
    }
  }
})()
