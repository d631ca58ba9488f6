// The interface language: an app setting (all projects, kept in the data folder like the
// annotator's name). 'System' follows the OS or the browser. The screen changes at once; the
// setting is saved through app.setLanguage so the next start, and the CLI, use it too.
import { useState } from 'react'
import { toAppError } from '../../api'
import { useApp } from '../../context'
import { useTranslation } from '../../i18n'
import { LANGUAGE_CHOICES, isLanguageChoice, type LanguageChoice } from '../../../../shared/i18n/language'

export function LanguagePanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { info, setLanguage, notify } = useApp()
  const [busy, setBusy] = useState(false)
  const current = info?.language ?? 'system'

  const choose = async (choice: LanguageChoice): Promise<void> => {
    if (!setLanguage || choice === current) return
    setBusy(true)
    try {
      await setLanguage(choice)
    } catch (err) {
      notify(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="form" aria-label={t('language.form')} onSubmit={(e) => e.preventDefault()}>
      <p className="muted small">{t('language.intro')}</p>
      <label>
        {t('language.label')}
        <select
          aria-label={t('language.label')}
          value={current}
          disabled={busy || !setLanguage}
          onChange={(e) => isLanguageChoice(e.target.value) && void choose(e.target.value)}
        >
          {LANGUAGE_CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`language.choice.${c}`)}
            </option>
          ))}
        </select>
      </label>
    </form>
  )
}
