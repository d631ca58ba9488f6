import { describe, expect, it } from 'vitest'
import { otherScripts, scriptWarning } from './scripts'

describe('scripts the models cannot read', () => {
  it('names the script of each text and leaves Latin with accents alone', () => {
    expect(otherScripts('斑马')).toEqual(['Han'])
    expect(otherScripts('しまうま')).toEqual(['Hiragana'])
    expect(otherScripts('зебра')).toEqual(['Cyrillic'])
    expect(otherScripts('حمار وحشي')).toEqual(['Arabic'])
    expect(otherScripts('ज़ेबरा')).toEqual(['Devanagari'])
    expect(otherScripts('Zebra mit Streifen, grün, é')).toEqual([])
    expect(otherScripts('cat 猫')).toEqual(['Han'])
  })

  it('warns once for all the texts, naming them, and not at all for English', () => {
    expect(scriptWarning(['zebra', 'horse: brown, four legs'])).toBeNull()
    const w = scriptWarning(['zebra', '斑马', 'зебра'])!
    expect(w).toContain('These labels are written in a script the model was not trained on')
    expect(w).toContain('"斑马" (Han)')
    expect(w).toContain('"зебра" (Cyrillic)')
    expect(w).not.toContain('"zebra"')
    expect(scriptWarning(['一张{}的照片'], 'template')).toContain('This template is written')
  })

  it('says nothing for a model that reads the language, and what the demo model reads', () => {
    expect(scriptWarning(['斑马', 'зебра', 'حمار وحشي'], 'label', 'multilingual')).toBeNull()
    expect(scriptWarning(['红色', '条纹'], 'label', 'demo')).toBeNull()
    const w = scriptWarning(['红色', 'зебра'], 'label', 'demo')!
    expect(w).toContain('"зебра" (Cyrillic)')
    expect(w).not.toContain('红色')
    expect(w).toContain('The demo model reads English and the Chinese words of its world')
    expect(scriptWarning(['斑马'])).toContain('SigLIP 2')
  })
})
