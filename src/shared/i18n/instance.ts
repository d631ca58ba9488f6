// One i18next instance per process, built the same way: the renderer adds react-i18next's plugin,
// the main process (CLI, bridge, Electron) none. Resources are bundled, so init is synchronous and
// the first render or the first CLI line is already in the right language.
import i18next, { type i18n as I18n, type ThirdPartyModule } from 'i18next'
import type { Language } from './language'
import { NAMESPACES, resources } from './resources'

export function createI18n(language: Language, plugins: ThirdPartyModule[] = []): I18n {
  const instance = i18next.createInstance()
  for (const p of plugins) instance.use(p)
  void instance.init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh'],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    // React escapes what it renders, and the CLI prints plain text: no HTML escaping here
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false
  })
  return instance
}
