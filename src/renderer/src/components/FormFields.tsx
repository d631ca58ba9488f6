// Form fields the dialogs and settings share: a labelled choice among formats, a path typed or
// picked with the folder picker, and a checkbox with its text. One markup each, so screens cannot
// drift apart.
import type { ReactNode } from 'react'
import { useTranslation } from '../i18n'

export function OptionSelect<T extends string>(props: {
  label: ReactNode
  ariaLabel: string
  value: T
  options: readonly { value: T; label: string }[]
  onChange(value: T): void
}): React.JSX.Element {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.ariaLabel}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

export function PathField(props: {
  label: ReactNode
  ariaLabel: string
  value: string
  onChange(value: string): void
  browseLabel: string
  onBrowse(): void
}): React.JSX.Element {
  const { t } = useTranslation('common')
  return (
    <label>
      {props.label}
      <span className="row">
        <input
          aria-label={props.ariaLabel}
          className="grow mono"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <button type="button" aria-label={props.browseLabel} onClick={props.onBrowse}>
          {t('formFields.browse')}
        </button>
      </span>
    </label>
  )
}

/** A checkbox inside its label: the text names it unless ariaLabel gives a name of its own. */
export function Checkbox(props: {
  children: ReactNode
  checked: boolean
  onChange(checked: boolean): void
  ariaLabel?: string
  disabled?: boolean
  title?: string
  className?: string
}): React.JSX.Element {
  return (
    <label className={props.className} title={props.title}>
      <input
        type="checkbox"
        aria-label={props.ariaLabel}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
      />{' '}
      {props.children}
    </label>
  )
}
