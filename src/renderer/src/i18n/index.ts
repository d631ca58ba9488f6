// The renderer's i18next instance. Components import useTranslation from here (not from
// react-i18next directly) so that the instance exists before the first render, in the app and in
// component tests alike. The language starts as the browser's and follows the app setting once
// app.info has answered (applyLanguage); a change re-renders every component that translates.
import { initReactI18next } from 'react-i18next'
import { createI18n, resolveLanguage, type Language, type LanguageChoice } from '../../../shared/i18n'
import { errorText } from '../../../shared/i18n/error-text'
import { toAppError } from '../../../shared/errors'

function browserLocales(): string[] {
  if (typeof navigator === 'undefined') return []
  return [...(navigator.languages ?? []), navigator.language]
}

export const i18n = createI18n(resolveLanguage('system', browserLocales()), [initReactI18next])

/** Switches the interface to a choice; 'system' follows the browser's (or Electron's) locale. */
export function applyLanguage(choice: LanguageChoice): Language {
  const lang = resolveLanguage(choice, browserLocales())
  if (i18n.language !== lang) void i18n.changeLanguage(lang)
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
  return lang
}

/** The current interface language as a BCP 47 tag for Intl (numbers, dates, collation). */
export function intlLocale(): string {
  return i18n.language === 'zh' ? 'zh-CN' : 'en'
}

/** Anything thrown, as the app shows it: the error's message under its translated title. */
export function shownError(err: unknown): string {
  return errorText(i18n, toAppError(err), 'gui')
}

export { useTranslation, Trans } from 'react-i18next'
