// XLM-R token parity: @huggingface/tokenizers on the fixture's tokenizer.json against ids made
// with python3-sentencepiece (+ the fairseq offset) by scripts/clip-models/make_mclip_fixtures.py.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MCLIP_TOKENIZER_DIR, mclipTokenCases } from './mclip-fixtures'
import { loadSpmTokenizer, spmTokenizerFromJson } from './spm-tokenizer'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'

describe('XLM-R SentencePiece tokenizer parity with sentencepiece', () => {
  it('gives the exact ids for every script', async () => {
    const tok = await loadSpmTokenizer(MCLIP_TOKENIZER_DIR)
    const cases = mclipTokenCases()
    // Chinese, Japanese, Arabic, Hindi, German umlauts, emoji, mixed scripts, NFKC forms, unknowns
    expect(cases.length).toBeGreaterThanOrEqual(12)
    let exact = 0
    for (const c of cases) {
      const ids = tok.encode(c.text)
      expect(ids, JSON.stringify(c.text)).toEqual(c.ids)
      exact++
    }
    console.log(`xlm-r tokenizer: ${exact}/${cases.length} exact`)
  })

  it('gives sentencepiece pieces and the fairseq special ids', async () => {
    const tok = await loadSpmTokenizer(MCLIP_TOKENIZER_DIR)
    expect([tok.bosId, tok.padId, tok.eosId, tok.unkId]).toEqual([0, 1, 2, 3])
    for (const c of mclipTokenCases().filter((c) => !c.ids.includes(tok.unkId)))
      expect(tok.tokens(c.text), c.text).toEqual(c.pieces)
  })

  it('truncates to the context length keeping </s> last', async () => {
    const tok = await loadSpmTokenizer(MCLIP_TOKENIZER_DIR, 77)
    const ids = tok.encode('zebra '.repeat(200))
    expect(ids.length).toBe(77)
    expect(ids[0]).toBe(0)
    expect(ids[76]).toBe(2)
  })

  it('rejects a BPE tokenizer.json and a folder without one with model_invalid', async () => {
    const bpe = JSON.stringify({ model: { type: 'BPE', vocab: {}, merges: [] } })
    expect(() => spmTokenizerFromJson(bpe)).toThrow(/not a SentencePiece Unigram/)
    expect(() => spmTokenizerFromJson('nope')).toThrow(/not valid JSON/)
    const empty = mkdtempSync(join(tmpdir(), 'zebra-spm-'))
    await expect(loadSpmTokenizer(empty)).rejects.toMatchObject({ code: 'model_invalid' })
    const json = JSON.parse(readFileSync(join(MCLIP_TOKENIZER_DIR, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: [string, number][] }
    }
    writeFileSync(join(empty, 'tokenizer.json'), JSON.stringify(json))
    writeFileSync(join(empty, 'tokenizer_config.json'), JSON.stringify({ pad_token: '<nothing>' }))
    await expect(loadSpmTokenizer(empty)).rejects.toThrow(/pad_token "<nothing>"/)
  })
})
