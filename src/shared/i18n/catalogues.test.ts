// Every language has exactly the keys English has, no empty strings, and the same placeholders:
// a missing key would show English (or the key) in the middle of a Chinese screen.
import { describe, expect, it } from 'vitest'
import { createI18n } from './instance'
import { LANGUAGES } from './language'
import { NAMESPACES, resources } from './resources'

type Tree = { [k: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}

const read = (lang: 'en' | 'zh', ns: (typeof NAMESPACES)[number]): Map<string, string> =>
  leaves(resources[lang][ns] as unknown as Tree)

const placeholders = (s: string): string[] =>
  [...new Set([...s.matchAll(/{{\s*([\w.]+)/g)].map((m) => m[1]!))].sort()

/** Values a translation may use that English leaves out (English shows an error's message alone). */
const OPTIONAL_IN_ENGLISH: Record<string, string[]> = { 'errors:shown': ['title'] }

describe('catalogues', () => {
  it('has every namespace in every language', () => {
    for (const lang of LANGUAGES) expect(Object.keys(resources[lang]).sort()).toEqual([...NAMESPACES].sort())
  })

  for (const ns of NAMESPACES) {
    it(`${ns}: zh has exactly the keys of en, none empty, with the same placeholders`, () => {
      const en = read('en', ns)
      const zh = read('zh', ns)
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
      for (const [key, text] of [...en, ...zh]) expect(text.trim(), `${ns}:${key}`).not.toBe('')
      for (const [key, text] of en) {
        const extra = OPTIONAL_IN_ENGLISH[`${ns}:${key}`] ?? []
        const wanted = [...new Set([...placeholders(text), ...extra])].sort()
        expect(placeholders(zh.get(key)!), `${ns}:${key}`).toEqual(wanted)
      }
    })
  }

  it('Chinese texts are written in Chinese, not left in English', () => {
    const untranslated: string[] = []
    for (const ns of NAMESPACES) {
      const en = read('en', ns)
      for (const [key, text] of read('zh', ns)) {
        const bare = text.replace(/{{[^}]*}}/g, '').replace(/<\/?\d+>/g, '')
        // a sentence in English (two lowercase words in a row) needs at least one Chinese
        // character; names and symbols ("JSON Lines", "mAP", "Ctrl+Y") may stay as they are, and
        // so may what is the same on purpose (CLIP prompts, which the model reads in English)
        const sentence = /\b[a-z]{2,} [a-z]{2,}\b/.test(en.get(key)!.replace(/{{[^}]*}}/g, ''))
        if (sentence && !/\p{Script=Han}/u.test(bare) && text !== en.get(key))
          untranslated.push(`${ns}:${key}`)
      }
    }
    expect(untranslated).toEqual([])
  })

  it('the instance switches language and counts with plural forms', () => {
    const i18n = createI18n('en')
    expect(i18n.t('errors:title.not_found')).toBe('Not found')
    void i18n.changeLanguage('zh')
    expect(i18n.t('errors:title.not_found')).toBe('未找到')
    expect(i18n.t('errors:shown', { title: '未找到', message: 'x' })).toBe('未找到：x')
  })
})
