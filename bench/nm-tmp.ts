import { generateImages } from './lib/images'
import { nullModelDir } from './lib/models'
import { measureNonModel } from './lib/non-model'
void (async () => {
  const n = Number(process.argv[2] ?? 100)
  const mix = (process.argv[3] ?? 'camera') as 'camera'
  const dir = await generateImages(n, mix)
  const m = nullModelDir()
  for (let r = 0; r < Number(process.argv[4] ?? 1); r++) console.log(JSON.stringify(await measureNonModel(m, dir, { batch: 16 })))
})()
