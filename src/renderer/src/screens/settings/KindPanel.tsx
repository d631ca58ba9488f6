// The Kind tab: one label per image, or tags (any number per image, each decided on its own).
// Turning a project into a tags project keeps every decision (an accepted label becomes that tag
// present); turning it back is refused while an image has two tags, and the service's message
// says which, so it is shown as it comes.
import { useState } from 'react'
import type { ProjectKind } from '../../../../shared/contract'
import { call, toAppError } from '../../api'
import { useApp } from '../../context'

const NAME: Record<ProjectKind, string> = {
  single: 'one label per image',
  tags: 'tags (any number per image)'
}

export function KindPanel(): React.JSX.Element {
  const { api, project, setProject, notify } = useApp()
  const kind: ProjectKind = project?.kind ?? 'single'
  const other: ProjectKind = kind === 'tags' ? 'single' : 'tags'
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<string | null>(null)

  const turn = async (): Promise<void> => {
    setBusy(true)
    setRefused(null)
    try {
      const p = await call(api, 'project.setKind', { kind: other })
      setProject(p)
      notify(`This project is now ${NAME[other]}: its suggestions are being re-scored.`, 'info')
    } catch (err) {
      setRefused(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="form" aria-label="Project kind">
      <p>
        This project decides <strong data-testid="project-kind">{NAME[kind]}</strong>.
      </p>
      <p className="muted small">
        {kind === 'tags'
          ? 'Each image shows every tag with its own probability; review decides each tag present, absent or unsure, and the tag pass walks one tag at a time. A tag’s hotkey (Labels tab) is the key that toggles it in review.'
          : 'Each image gets one label: review suggests the five likeliest. Turn it into a tags project when an image can have several labels, or none.'}
      </p>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy || !!project?.readOnly}
          onClick={() => void turn()}
        >
          {other === 'tags' ? 'Turn into a tags project' : 'Turn into a one-label project'}
        </button>
      </div>
      {refused && (
        <p role="alert" className="error" data-testid="kind-refused">
          {refused}
        </p>
      )}
    </div>
  )
}
