// Which language a template set is written in: its prompts are then filled with the labels'
// names in that language (Settings → Labels, "Other languages"), else their own names.
import { PROMPT_LANGUAGES } from '../../../shared/prompt-languages'
import { useTranslation } from '../i18n'

export function TemplateLanguageSelect(props: {
  value: string | null
  onChange: (code: string | null) => void
  label: string
  disabled?: boolean
}): React.JSX.Element {
  const { t } = useTranslation('settings')
  const known = PROMPT_LANGUAGES.some((l) => l.code === props.value)
  return (
    <select
      aria-label={props.label}
      value={props.value ?? ''}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value || null)}
    >
      <option value="">{t('templatesPanel.labelsOwnNames')}</option>
      {PROMPT_LANGUAGES.map((l) => (
        <option key={l.code} value={l.code}>
          {t('templatesPanel.languageOption', { name: l.name, code: l.code })}
        </option>
      ))}
      {props.value && !known && <option value={props.value}>{props.value}</option>}
    </select>
  )
}
