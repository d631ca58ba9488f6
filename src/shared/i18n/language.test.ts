import { describe, expect, it } from 'vitest'
import { isLanguageChoice, languageOfLocale, resolveLanguage } from './language'

describe('interface language', () => {
  it('reads the language of the locale tags an OS or a browser gives', () => {
    expect(languageOfLocale('zh-CN')).toBe('zh')
    expect(languageOfLocale('zh_CN.UTF-8')).toBe('zh')
    expect(languageOfLocale('zh-Hant-TW')).toBe('zh')
    expect(languageOfLocale('en_GB.UTF-8')).toBe('en')
    expect(languageOfLocale('fr-FR')).toBeNull()
    expect(languageOfLocale('C')).toBeNull()
    expect(languageOfLocale(undefined)).toBeNull()
  })

  it('follows the system only when the choice is system, and falls back to English', () => {
    expect(resolveLanguage('system', ['zh-CN'])).toBe('zh')
    expect(resolveLanguage('system', [undefined, 'fr-FR', 'zh_CN.UTF-8'])).toBe('zh')
    expect(resolveLanguage('system', ['fr-FR'])).toBe('en')
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en')
    expect(resolveLanguage('zh', ['en-US'])).toBe('zh')
  })

  it('accepts only the choices the setting knows', () => {
    expect(isLanguageChoice('zh')).toBe(true)
    expect(isLanguageChoice('system')).toBe(true)
    expect(isLanguageChoice('de')).toBe(false)
    expect(isLanguageChoice(3)).toBe(false)
  })
})
