// Who is deciding: the name every decision and label import records (an app setting, kept in the
// data folder, not in the project). It starts as the OS user; two people sharing a machine, or a
// shared project file, need their own names. Shown in the review bar too.
import { useState } from 'react'
import { toAppError } from '../../api'
import { useApp } from '../../context'

export function AnnotatorPanel(): React.JSX.Element {
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
      notify(`Decisions are now recorded as “${value.trim()}”.`, 'info')
    } catch (err) {
      notify(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="form"
      aria-label="Annotator"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <p className="muted small">
        Every decision and every label import records who made it. This name is kept for this app (all
        projects), not in the project file.
      </p>
      <label>
        Your name
        <input
          aria-label="Annotator name"
          value={value}
          maxLength={100}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {value.trim() === '' && <p className="warn small">A name is needed: it cannot be empty.</p>}
      <button type="submit" className="primary" disabled={!changed || busy}>
        Save
      </button>
    </form>
  )
}
