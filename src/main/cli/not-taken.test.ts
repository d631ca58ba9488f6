// A folder's files that are not images Zebra reads are never left out in silence: the real `zebra`
// launcher, from a working folder outside the repository, over photos/ with a .bmp, a .txt, a
// hidden file and a link to a photo outside the folder. init --scan, scan, status and classify
// each say what was not taken and why; a folder with nothing Zebra reads is a usage error saying so.
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotTaken } from '../../shared/not-taken'
import { writeBmp } from '../clip/testing/bmp'
import { runZebra, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): ReturnType<typeof runZebra> => runZebra(args, { cwd, env })
const photos = (): string => join(cwd, 'photos')

beforeAll(() => {
  cwd = workDir('zebra-cli-not-taken-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  writeBmp(join(photos(), 'scan.bmp'), 16, 8)
  writeFileSync(join(photos(), 'notes.txt'), 'taken on holiday\n')
  writeFileSync(join(photos(), '.DS_Store'), '')
  copyFileSync(join(photos(), 'photo_coffee.jpg'), join(cwd, 'outside.jpg'))
  symlinkSync(join(cwd, 'outside.jpg'), join(photos(), 'elsewhere.jpg'))
  mkdirSync(join(cwd, 'bitmaps'))
  writeBmp(join(cwd, 'bitmaps', 'only.bmp'), 4, 4)
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const BMP_LINE = (path: string): string =>
  `not taken: 1 file in an image format Zebra does not read (.bmp): ${path}`

describe('files a walk does not take', () => {
  it('init --scan, scan and status report them with why; the 13 photos are taken', async () => {
    let r = await zebra('init', 'p.zebra', '--images', 'photos', '--labels', 'cat,rocket', '--scan')
    expect(r.code, r.stderr).toBe(0)
    const res = JSON.parse(r.stdout) as { total: number; notTaken: NotTaken }
    expect(res.total).toBe(13)
    expect(res.notTaken.counts).toEqual({ unsupported_image: 1, link: 1, not_image: 1, hidden: 1 })
    expect(res.notTaken.unsupportedExts).toEqual({ '.bmp': 1 })
    expect(res.notTaken.otherExts).toEqual({ '.txt': 1 })
    expect(res.notTaken.listed).toEqual([
      {
        path: join(photos(), 'elsewhere.jpg'),
        reason: 'link',
        why: `a link to ${join(cwd, 'outside.jpg')}, outside the folder`
      },
      {
        path: join(photos(), 'scan.bmp'),
        reason: 'unsupported_image',
        why: 'not an image format Zebra reads (.bmp)'
      }
    ])
    expect(r.stderr).toContain(BMP_LINE(join(photos(), 'scan.bmp')))

    r = await zebra('scan', 'p.zebra')
    expect(r.code, r.stderr).toBe(0) // passing over a .bmp is not a failed scan
    expect(r.stdout).toContain('13 files: 0 new')
    expect(r.stdout).toContain(
      `${BMP_LINE(join(photos(), 'scan.bmp'))}; 1 link not followed: ${join(photos(), 'elsewhere.jpg')} ` +
        `(a link to ${join(cwd, 'outside.jpg')}, outside the folder); 1 other file, not an image (.txt); 1 hidden`
    )

    r = await zebra('status', 'p.zebra')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`last scan ${BMP_LINE(join(photos(), 'scan.bmp'))}`)
    r = await zebra('status', 'p.zebra', '--json')
    const st = JSON.parse(r.stdout) as { images: number; notTaken: NotTaken }
    expect(st.images).toBe(13)
    expect(st.notTaken.counts.unsupported_image).toBe(1)

    r = await zebra('folders', 'list', 'p.zebra')
    expect(r.stderr).toContain(BMP_LINE(join(photos(), 'scan.bmp')))
  })

  it('classify says on stderr what it did not take, paths as typed; stdout has the 13 photos', async () => {
    const r = await zebra(
      'classify',
      '--model',
      'demo',
      '--labels',
      'cat,rocket',
      '--format',
      'json',
      'photos'
    )
    expect(r.code, r.stderr).toBe(0)
    const files = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { file: string }).file)
    expect(files).toHaveLength(13)
    expect(files).not.toContain('photos/scan.bmp')
    expect(r.stderr).toContain(
      `zebra: ${BMP_LINE('photos/scan.bmp')}; 1 link not followed: photos/elsewhere.jpg`
    )
    expect(r.stderr).toContain('1 other file, not an image (.txt); 1 hidden')
  })

  it('a folder of nothing Zebra reads is a usage error that names what was there', async () => {
    const r = await zebra('classify', '--model', 'demo', '--labels', 'cat', 'bitmaps')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`no image files in bitmaps (${BMP_LINE('bitmaps/only.bmp')})`)
    expect(r.stdout).toBe('')
  })
})
