import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { Project } from '../db/project'
import { sampleImagesDir } from '../paths'
import { buildProjectClassifier } from './classifier'

describe('project text classifier', () => {
  let engine: LoadedClipEngine
  beforeAll(async () => {
    engine = await loadEngine({ modelDir: 'demo', ep: 'cpu' })
  })
  afterAll(async () => {
    await engine.dispose()
  })

  it('turns "name|synonym" and "aka:" descriptions into prompts of one class, never a literal "|"', async () => {
    const p = Project.create(join(mkdtempSync(join(tmpdir(), 'zebra-cls-')), 'p.zebra'), {
      roots: [sampleImagesDir()],
      labels: [
        { name: 'kite|kite (bird of prey)' },
        { name: 'cat', descriptions: ['aka: kitty', 'has whiskers'] }
      ],
      templates: ['a photo of a {}.']
    })
    const seen: string[] = []
    const cls = await buildProjectClassifier(p, engine.modelId, async (prompts) => {
      seen.push(...prompts)
      return engine.embedTexts(prompts)
    })
    expect(cls.classifier.labels).toEqual(['kite', 'cat'])
    expect(seen).toContain('a photo of a kite.')
    expect(seen).toContain('a photo of a kite (bird of prey).')
    expect(seen).toContain('a photo of a kitty.')
    expect(seen.some((s) => s.includes('|') || s.toLowerCase().includes('aka:'))).toBe(false)
    expect(seen.some((s) => s.includes('whiskers'))).toBe(true)
    p.close()
  })
})
