// "Make default" beside a template set in a compare report (single-label and tags alike): makes it
// the project's default and re-scores.
export function MakeDefaultButton(props: {
  name: string
  templates: string[]
  disabled: boolean
  apply: (name: string, templates: string[]) => Promise<void>
}): React.JSX.Element {
  return (
    <button
      type="button"
      disabled={props.disabled}
      onClick={() => void props.apply(props.name, props.templates)}
      aria-label={`Make "${props.name}" the default and re-score`}
    >
      Make default
    </button>
  )
}
