// Typed keys: t('grid:title') is checked against the English catalogue at compile time, so a
// mistyped or removed key fails `npm run typecheck`.
import 'i18next'
import type { resources } from './resources'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: (typeof resources)['en']
  }
}
