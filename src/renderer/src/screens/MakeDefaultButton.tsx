// "Make default" beside a template set in a compare report (single-label and tags alike): makes it
// the project's default and re-scores.
import { useTranslation } from '../i18n'

export function MakeDefaultButton(props: {
  name: string
  templates: string[]
  disabled: boolean
  apply: (name: string, templates: string[]) => Promise<void>
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  return (
    <button
      type="button"
      disabled={props.disabled}
      onClick={() => void props.apply(props.name, props.templates)}
      aria-label={t('makeDefault.label', { name: props.name })}
    >
      {t('makeDefault.button')}
    </button>
  )
}
