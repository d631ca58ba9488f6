// A test suite that needs a throwaway PostgreSQL cluster: where none can be made here (no
// Debian `postgresql`, initdb failing), it is reported skipped with the reason, never silently.
import { describe, it } from 'vitest'
import { clusterSupport } from './cluster'

export function describeWithCluster(name: string, suite: () => void): void {
  const support = clusterSupport()
  if (support.ok) describe(name, suite)
  else
    describe(name, () =>
      it('needs a PostgreSQL cluster', (ctx) => {
        // the default reporter shows a skip without its note: say it on the test's own output
        console.warn(`skipped "${name}": ${support.why}`)
        ctx.skip(support.why)
      })
    )
}
