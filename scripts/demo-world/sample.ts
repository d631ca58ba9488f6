// Renders the sample project's images (resources/sample-world), once; they are committed.
//   npx tsx scripts/demo-world/sample.ts
// 7 labels x 11 images of the demo world + 2 photos the demo model cannot know. File names are
// neutral so the suggestions, not the names, tell what each image shows.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { renderFreshSet } from '../../src/main/demo-world/fresh'
import { SAMPLE_LABELS, sampleMembers } from '../../src/main/demo-world/sample'

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', 'resources')
  const dir = join(root, 'sample-world')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir)
  let n = 0
  for (const [k, label] of SAMPLE_LABELS.entries()) {
    const imgs = await renderFreshSet(join(dir, '.tmp'), {
      count: 11,
      seed: 9000 + k,
      pool: sampleMembers(label.name),
      minSize: 96,
      maxSize: 640,
      maxCount: 2,
      prefix: `l${k}`
    })
    n += imgs.length
  }
  // interleave: name files by a seeded shuffle so labels are not grouped by name
  const tmp = join(dir, '.tmp')
  const files = readdirSync(tmp).sort()
  let s = 7
  const order = files
    .map((f) => ({ f, r: (s = (s * 1103515245 + 12345) % 2147483648) }))
    .sort((a, b) => a.r - b.r)
  order.forEach(({ f }, i) =>
    copyFileSync(
      join(tmp, f),
      join(dir, `world-${String(i + 1).padStart(3, '0')}${f.slice(f.lastIndexOf('.'))}`)
    )
  )
  rmSync(tmp, { recursive: true })
  // named to sort after the world's images, so review (file order) opens on what the model knows
  for (const p of ['photo_astronaut.jpg', 'photo_coffee.jpg'])
    copyFileSync(join(root, 'sample-images', p), join(dir, `zz-outside-the-world-${p.slice(6)}`))
  console.log(`${n} rendered + 2 photos in ${dir}`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
