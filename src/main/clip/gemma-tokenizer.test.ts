// SigLIP 2's tokenizer against SentencePiece (the authors' library) on the fixture's Gemma-like
// model: every case exact, in Chinese, Japanese, Arabic, Hindi, German, emoji and mixed scripts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gemmaTokenizerFromJson, loadGemmaTokenizer, siglipCanonical } from './gemma-tokenizer'
import { siglipDir, siglipTokenCases } from './siglip-fixtures'

const dir = siglipDir('siglip2-224')
const read = (f: string): string => readFileSync(join(dir, f), 'utf8')

describe('Gemma tokenizer parity with SentencePiece', () => {
  it('gives the exact padded ids for every case', async () => {
    const tok = await loadGemmaTokenizer(join(dir, 'tokenizer.json'), join(dir, 'tokenizer_config.json'))
    const cases = siglipTokenCases()
    expect(cases.length).toBe(19)
    let exact = 0
    for (const c of cases) {
      const ids = tok.encodePadded(c.text)
      expect(ids, JSON.stringify(c.text)).toEqual(c.ids)
      if (JSON.stringify(ids) === JSON.stringify(c.ids)) exact++
    }
    console.log(`gemma tokenizer: ${exact}/${cases.length} exact`)
    // the cases do reach the byte fallback (characters the tiny vocabulary lacks)
    const bytes = cases.filter((c) => tok.tokens(c.text).some((t) => /^<0x[0-9A-F]{2}>$/.test(t)))
    expect(bytes.length).toBeGreaterThanOrEqual(5)
  })

  it('appends <eos>, pads with <pad> to 64 and keeps <eos> last when cutting', () => {
    const tok = gemmaTokenizerFromJson(read('tokenizer.json'), read('tokenizer_config.json'))
    expect([tok.padId, tok.eosId, tok.bosId, tok.contextLength]).toEqual([0, 1, 2, 64])
    const short = tok.encode('a cat')
    expect(short.at(-1)).toBe(1)
    expect(short).not.toContain(2)
    const long = tok.encodePadded('word '.repeat(200))
    expect(long.length).toBe(64)
    expect(long[63]).toBe(1)
    expect(long).not.toContain(0)
    expect(tok.encodePadded('').slice(0, 2)).toEqual([1, 0])
  })

  it('lower-cases ASCII as SigLIP 2 was trained, keeping punctuation', () => {
    const tok = gemmaTokenizerFromJson(read('tokenizer.json'), null)
    expect(tok.encode('A PHOTO OF A CAT.')).toEqual(tok.encode('a photo of a cat.'))
    expect(tok.encode('a cat.')).not.toEqual(tok.encode('a cat'))
    // ASCII only, as big_vision's tf.strings.lower: other capitals reach the model as typed
    expect(siglipCanonical('ÜBER GRÖSSE ΟΔΟΣ Кошка')).toBe('Über grÖsse ΟΔΟΣ Кошка')
    expect(tok.encode('Öl')).not.toEqual(tok.encode('öl'))
  })

  it('rejects a tokenizer.json that is not a SentencePiece BPE with model_invalid', () => {
    expect(() => gemmaTokenizerFromJson('not json')).toThrow(/not valid JSON/)
    expect(() => gemmaTokenizerFromJson('{"model":{"type":"WordPiece","vocab":{}}}')).toThrow(
      /not a SentencePiece BPE/
    )
    const noEos = JSON.parse(read('tokenizer.json')) as {
      model: { vocab: Record<string, number> }
      added_tokens: { content: string }[]
    }
    delete noEos.model.vocab['<eos>']
    noEos.added_tokens = noEos.added_tokens.filter((t) => t.content !== '<eos>')
    try {
      gemmaTokenizerFromJson(JSON.stringify(noEos))
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({ code: 'model_invalid', message: expect.stringMatching(/no <eos> token/) })
    }
  })
})
