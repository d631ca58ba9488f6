// Form fields the import and export dialogs share: a labelled choice among formats, and a path typed
// or picked with the folder picker. One markup, so the two dialogs cannot drift apart.
import type { ReactNode } from 'react'

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
          Browse…
        </button>
      </span>
    </label>
  )
}
