// The Compare tab loads its screen (and recharts with it) only when the tab is first opened.
import { lazy, Suspense } from 'react'

const Lazy = lazy(async () => ({ default: (await import('./screens/Compare')).CompareScreen }))

export function CompareSlot(): React.JSX.Element {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Lazy />
    </Suspense>
  )
}
