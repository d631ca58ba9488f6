// The Compare tab renders CompareScreen from screens/Compare.tsx (owned by the evaluation work).
// import.meta.glob keeps the build green while that file does not exist yet.
import { lazy, Suspense, type ComponentType } from 'react'

const found = import.meta.glob<{ CompareScreen: ComponentType }>('./screens/Compare.tsx')
const loader = found['./screens/Compare.tsx']
const Lazy = loader ? lazy(async () => ({ default: (await loader()).CompareScreen })) : null

export function CompareSlot(): React.JSX.Element {
  if (!Lazy) {
    return (
      <main className="screen" aria-label="Compare">
        <h1>Compare templates</h1>
        <p className="muted">The template comparison screen is not part of this build yet.</p>
      </main>
    )
  }
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Lazy />
    </Suspense>
  )
}
