import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IMAGENET_7_TEMPLATES, getPreset, listPresets } from './presets'
import { IMAGE_EXTENSIONS, listImageFiles } from './files'

describe('CLIP paper presets', () => {
  it('lists the datasets with their sizes', () => {
    const all = listPresets()
    expect(all.length).toBe(27)
    const imagenet = all.find((p) => p.name === 'ImageNet')
    expect(imagenet).toEqual({ name: 'ImageNet', classes: 1000, templates: 80 })
  })
  it('finds presets ignoring case and punctuation, with synonyms', () => {
    const c = getPreset('cifar-10')
    expect(c.name).toBe('CIFAR10')
    expect(c.classes).toHaveLength(10)
    expect(c.templates.every((t) => t.includes('{}'))).toBe(true)
    const fer = getPreset('FacialEmotionRecognition2013')
    const happy = fer.labels.find((l) => l.name === 'happy')
    expect(happy?.synonyms).toEqual(['smiling'])
    expect(() => getPreset('nope')).toThrow(/No preset named "nope"/)
  })
  it('has the 7 forward-selected ImageNet templates, all from the ImageNet set', () => {
    const imagenet = getPreset('imagenet').templates
    expect(IMAGENET_7_TEMPLATES).toHaveLength(7)
    for (const t of IMAGENET_7_TEMPLATES) expect(imagenet).toContain(t)
  })
})

describe('listImageFiles', () => {
  it('walks folders recursively for images, sorted, skipping hidden entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zebra-files-'))
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true })
    mkdirSync(join(dir, '.hidden'))
    for (const f of ['a.JPG', 'notes.txt', 'b/c.png', 'b/deep/d.webp', '.hidden/e.png', '._x.jpg']) {
      writeFileSync(join(dir, f), '')
    }
    const extra = join(dir, 'notes.txt')
    const files = await listImageFiles([dir, extra, join(dir, 'a.JPG')])
    expect(files).toEqual([
      join(dir, 'a.JPG'),
      join(dir, 'b', 'c.png'),
      join(dir, 'b', 'deep', 'd.webp'),
      extra
    ])
    expect(IMAGE_EXTENSIONS.has('.avif')).toBe(true)
    await expect(listImageFiles([join(dir, 'missing')])).rejects.toMatchObject({ code: 'not_found' })
  })
})
