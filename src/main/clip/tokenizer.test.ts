import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_DIR, tokenizerCases } from './test-fixtures'
import {
  cleanText,
  htmlUnescape,
  loadTokenizer,
  tokenizerFromJson,
  tokenizerFromVocabMerges,
  type ClipTokenizer
} from './tokenizer'

const read = (f: string): string => readFileSync(join(DEMO_DIR, f), 'utf8')

describe('CLIP tokenizer parity (reference/tokenizer.json)', () => {
  const formats: [string, () => ClipTokenizer][] = [
    ['tokenizer.json', () => tokenizerFromJson(read('tokenizer.json'))],
    ['vocab.json + merges.txt', () => tokenizerFromVocabMerges(read('vocab.json'), read('merges.txt'))]
  ]
  for (const [name, make] of formats) {
    it(`gives the exact ids for every case from ${name}`, () => {
      const tok = make()
      const cases = tokenizerCases()
      expect(cases.length).toBe(17)
      let exact = 0
      for (const c of cases) {
        const ids = tok.encode(c.text)
        expect(ids, JSON.stringify(c.text)).toEqual(c.ids)
        if (JSON.stringify(ids) === JSON.stringify(c.ids)) exact++
      }
      console.log(`tokenizer ${name}: ${exact}/${cases.length} exact`)
      expect(exact).toBe(cases.length)
    })
  }

  it('loads either layout from files', async () => {
    const a = await loadTokenizer({ kind: 'tokenizer.json', file: join(DEMO_DIR, 'tokenizer.json') })
    const b = await loadTokenizer({
      kind: 'vocab+merges',
      vocab: join(DEMO_DIR, 'vocab.json'),
      merges: join(DEMO_DIR, 'merges.txt')
    })
    expect(a.vocabSize).toBe(49408)
    expect(a.bosId).toBe(49406)
    expect(b.eosId).toBe(49407)
    expect(a.encode('a zebra in the grass')).toEqual(b.encode('a zebra in the grass'))
  })

  it('truncates to 77 keeping the end token last', () => {
    const tok = tokenizerFromJson(read('tokenizer.json'))
    const ids = tok.encode('word '.repeat(200))
    expect(ids.length).toBe(77)
    expect(ids[0]).toBe(49406)
    expect(ids[76]).toBe(49407)
  })

  it('accepts merges written as pairs (newer tokenizer.json)', () => {
    const json = JSON.parse(read('tokenizer.json')) as { model: { merges: string[] } }
    json.model.merges = json.model.merges.map((m) => m.split(' ')) as unknown as string[]
    const tok = tokenizerFromJson(JSON.stringify(json))
    expect(tok.encode('a photo of a cat.')).toEqual([49406, 320, 1125, 539, 320, 2368, 269, 49407])
  })

  it('rejects a tokenizer.json without BPE merges with model_invalid', () => {
    expect(() => tokenizerFromJson('{"model":{}}')).toThrow(/merges/)
    expect(() => tokenizerFromJson('not json')).toThrow(/not valid JSON/)
  })
})

describe('text cleaning', () => {
  it('unescapes HTML like Python (named, numeric, legacy without ;)', () => {
    expect(htmlUnescape('&amp;lt; &#65;&#x42; &eacute &notit; &bogus;')).toBe('&lt; AB é ¬it; &bogus;')
    expect(htmlUnescape('&#128;&#0;')).toBe('€\ufffd')
  })
  it('collapses Python whitespace, strips and lowercases', () => {
    expect(cleanText('  A\u00a0\tB\x1c C\ufeff  ')).toBe('a b c\ufeff')
  })
})
