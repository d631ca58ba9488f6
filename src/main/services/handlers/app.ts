// The app.* channels: what the renderer shows about this app (version, transport, annotator), and
// the annotator's name for new decisions, and the interface language (app-wide, like the name).
import type { AppInfo, Handlers } from '../../../shared/contract'
import { setMainLanguage } from '../../i18n'
import { updateSettings } from '../../settings'
import type { ServiceContext } from '../core/context'

export type AppHandlers = Pick<Handlers, 'app.info' | 'app.setAnnotator' | 'app.setLanguage'>

export function createAppHandlers(ctx: ServiceContext, info: () => AppInfo): AppHandlers {
  return {
    'app.info': async () => info(),
    'app.setAnnotator': async ({ annotator }) => {
      updateSettings(ctx.dataDir, (s) => {
        s.annotator = annotator
      })
      return info()
    },
    'app.setLanguage': async ({ language }) => {
      updateSettings(ctx.dataDir, (s) => {
        s.language = language
      })
      setMainLanguage(language)
      return info()
    }
  }
}
