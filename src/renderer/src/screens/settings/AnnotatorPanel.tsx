// Who is deciding: the name every decision and label import records (an app setting, kept in the
// data folder, not in the project). It starts as the OS user; two people sharing a machine, or a
// shared project file, need their own names. Shown in the review bar too.
import { useState } from 'react'
import { useApp } from '../../context'
import { shownError, useTranslation } from '../../i18n'

export function AnnotatorPanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { info, setAnnotator, notify } = useApp()
  const current = info?.annotator ?? ''
  const [name, setName] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const value = name ?? current
  const changed = value.trim() !== '' && value.trim() !== current

  const save = async (): Promise<void> => {
    if (!setAnnotator || !changed) return
    setBusy(true)
    try {
      await setAnnotator(value.trim())
      setName(null)
      notify(t('annotator.saved', { name: value.trim() }), 'info')
    } catch (err) {
      notify(shownError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="form"
      aria-label={t('annotator.form')}
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <p className="muted small">{t('annotator.intro')}</p>
      <label>
        {t('annotator.yourName')}
        <input
          aria-label={t('annotator.name')}
          value={value}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {value.trim() === '' && <p className="warn small">{t('annotator.empty')}</p>}
      <button type="submit" className="primary" disabled={!changed || busy}>
        {t('common:save')}
      </button>
    </form>
  )
}
