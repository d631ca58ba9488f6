import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n, mainLanguage, setMainLanguage } from './i18n'
import { loadSettings, settingsFile, updateSettings } from './settings'

afterEach(() => void setMainLanguage('en', {}))

describe('main process language', () => {
  it('ZEBRA_LANG pins it, else the setting, else the OS locale', () => {
    expect(mainLanguage('system', { LANG: 'zh_CN.UTF-8' })).toBe('zh')
    expect(mainLanguage('system', { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en')
    expect(mainLanguage('en', { LANG: 'zh_CN.UTF-8' })).toBe('en')
    expect(mainLanguage('en', { ZEBRA_LANG: 'zh', LANG: 'en_US.UTF-8' })).toBe('zh')
    // an unknown ZEBRA_LANG is ignored, not an error
    expect(mainLanguage('zh', { ZEBRA_LANG: 'klingon' })).toBe('zh')
  })

  it('switches the titles of errors', () => {
    setMainLanguage('zh', {})
    expect(i18n.t('errors:title.no_project')).toBe('未打开项目')
    setMainLanguage('en', {})
    expect(i18n.t('errors:title.no_project')).toBe('No project open')
  })
})

describe('the language setting', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('defaults to system, persists a choice, and ignores a damaged value', () => {
    dir = mkdtempSync(join(tmpdir(), 'zebra-lang-'))
    expect(loadSettings(dir).language).toBe('system')
    updateSettings(dir, (s) => {
      s.language = 'zh'
    })
    expect(loadSettings(dir).language).toBe('zh')
    writeFileSync(settingsFile(dir), JSON.stringify({ annotator: 'Ann', language: 'xx' }))
    expect(loadSettings(dir)).toMatchObject({ annotator: 'Ann', language: 'system' })
  })
})
