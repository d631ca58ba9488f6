// The main process's i18next instance: the CLI's messages and help, and the titles of AppErrors as
// a transport shows them. ZEBRA_LANG overrides the app setting (a script or a test can pin the
// language); with neither, the OS locale (LC_ALL, LC_MESSAGES, LANG, then Intl) decides.
import { createI18n } from '../shared/i18n/instance'
import {
  isLanguageChoice,
  resolveLanguage,
  type Language,
  type LanguageChoice
} from '../shared/i18n/language'

function systemLocales(env: NodeJS.ProcessEnv): (string | undefined)[] {
  return [env.LC_ALL, env.LC_MESSAGES, env.LANG, Intl.DateTimeFormat().resolvedOptions().locale]
}

/** The language the main process speaks, from ZEBRA_LANG, else the setting, else the system. */
export function mainLanguage(setting: LanguageChoice, env: NodeJS.ProcessEnv = process.env): Language {
  const pinned = env.ZEBRA_LANG?.trim().toLowerCase()
  const choice = isLanguageChoice(pinned) ? pinned : setting
  return resolveLanguage(choice, systemLocales(env))
}

export const i18n = createI18n(mainLanguage('system'))

/** Switches the main process's language (at start, and when the setting changes). */
export function setMainLanguage(setting: LanguageChoice, env: NodeJS.ProcessEnv = process.env): Language {
  const lang = mainLanguage(setting, env)
  if (i18n.language !== lang) void i18n.changeLanguage(lang)
  return lang
}
