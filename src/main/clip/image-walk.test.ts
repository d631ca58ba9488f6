// What the walker passes over, on real files: every entry it does not take is counted with why,
// image formats it does not read and links it does not follow are named, and the report stays
// bounded however many there are.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeNotTaken, NOT_TAKEN_LISTED } from '../../shared/not-taken'
import { sampleImagesDir } from '../paths'
import { listImageFiles } from './files'
import { emptyWalkReport, walkImages } from './image-walk'
import { writeBmp } from './testing/bmp'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-walk-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const photo = (to: string): void => copyFileSync(join(sampleImagesDir(), 'photo_chelsea.jpg'), to)

async function walk(root: string): Promise<{ rels: string[]; report: ReturnType<typeof emptyWalkReport> }> {
  const report = emptyWalkReport()
  const rels: string[] = []
  for await (const f of walkImages(root, { report })) rels.push(f.rel)
  return { rels, report }
}

describe('what the walker does not take', () => {
  it('counts each kind with why; a hidden folder counts once, unlooked-into', async () => {
    photo(join(dir, 'cat.jpg'))
    writeBmp(join(dir, 'Scan.BMP'), 4, 4)
    writeFileSync(join(dir, 'drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    writeFileSync(join(dir, 'notes.txt'), 'x')
    writeFileSync(join(dir, 'README'), 'x')
    mkdirSync(join(dir, '.thumbs'))
    photo(join(dir, '.thumbs', 'cat.jpg'))
    symlinkSync(join(dir, 'gone.jpg'), join(dir, 'dangling.jpg'))
    const { rels, report } = await walk(dir)
    expect(rels).toEqual(['cat.jpg'])
    const nt = report.notTaken
    expect(nt.counts).toEqual({ unsupported_image: 2, link: 1, not_image: 2, hidden: 1 })
    expect(nt.unsupportedExts).toEqual({ '.bmp': 1, '.svg': 1 })
    expect(nt.otherExts).toEqual({ '.txt': 1, '': 1 })
    expect(nt.listed.map((f) => [f.path, f.why])).toEqual([
      [join(dir, 'Scan.BMP'), 'not an image format Zebra reads (.bmp)'],
      [join(dir, 'dangling.jpg'), 'a link to nothing'],
      [join(dir, 'drawing.svg'), 'not an image format Zebra reads (.svg)']
    ])
    expect(describeNotTaken(nt, { show: (p) => p.slice(dir.length + 1) })).toBe(
      'not taken: 2 files in an image format Zebra does not read (.bmp, .svg): Scan.BMP, drawing.svg; ' +
        '1 link not followed: dangling.jpg (a link to nothing); ' +
        '2 other files, not images (no extension, .txt); 1 hidden'
    )
  })

  it('stays bounded: the counts are exact, the list and the extensions are capped', async () => {
    const many = NOT_TAKEN_LISTED + 12
    for (let i = 0; i < many; i++) writeBmp(join(dir, `b${String(i).padStart(3, '0')}.bmp`), 2, 2)
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `f.x${i}`), '')
    const { report } = await walk(dir)
    const nt = report.notTaken
    expect(nt.counts.unsupported_image).toBe(many)
    expect(nt.listed).toHaveLength(NOT_TAKEN_LISTED)
    expect(nt.counts.not_image).toBe(30)
    expect(Object.keys(nt.otherExts).length).toBeLessThan(30)
    expect(describeNotTaken(nt, { paths: 2, show: (p) => p.slice(dir.length + 1) })).toMatch(
      new RegExp(
        `^not taken: ${many} files in an image format Zebra does not read \\(\\.bmp x${many}\\): b000\\.bmp, b001\\.bmp and ${many - 2} more; 30 other files`
      )
    )
    expect(describeNotTaken(emptyWalkReport().notTaken)).toBeNull()
  })

  it('listImageFiles names passed-over files under the folder as given, not its real path', async () => {
    const real = join(dir, 'real')
    mkdirSync(real)
    photo(join(real, 'cat.jpg'))
    writeBmp(join(real, 'scan.bmp'), 2, 2)
    symlinkSync(real, join(dir, 'via-link'))
    const report = emptyWalkReport()
    const files = await listImageFiles([join(dir, 'via-link')], report)
    expect(files).toEqual([join(dir, 'via-link', 'cat.jpg')])
    expect(report.notTaken.listed.map((f) => f.path)).toEqual([join(dir, 'via-link', 'scan.bmp')])
  })
})
