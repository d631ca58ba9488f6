// Which interface language to use. The app setting is 'system' (follow the OS or the browser),
// 'en' or 'zh'; anything else a person's locale names falls back to English, the language every
// string is written in first.
export const LANGUAGES = ['en', 'zh'] as const
export type Language = (typeof LANGUAGES)[number]
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number]

export function isLanguageChoice(v: unknown): v is LanguageChoice {
  return typeof v === 'string' && (LANGUAGE_CHOICES as readonly string[]).includes(v)
}

/**
 * The language of a locale tag ('zh-CN', 'zh_CN.UTF-8', 'zh-Hans', 'en-US'), or null for one we do
 * not ship. Chinese of any region gets Simplified Chinese, the only Chinese catalogue there is.
 */
export function languageOfLocale(locale: string | undefined | null): Language | null {
  const tag = (locale ?? '').trim().toLowerCase()
  if (!tag || tag === 'c' || tag === 'posix') return null
  const primary = tag.split(/[-_.@]/)[0]
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : null
}

/** The language a choice means: 'system' takes the first system locale we ship, else English. */
export function resolveLanguage(
  choice: LanguageChoice,
  systemLocales: readonly (string | undefined)[]
): Language {
  if (choice !== 'system') return choice
  for (const l of systemLocales) {
    const lang = languageOfLocale(l)
    if (lang) return lang
  }
  return 'en'
}
