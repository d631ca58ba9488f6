// Advisory job locks in the project file, so two processes (the app and a CLI, two annotators'
// machines on a shared drive) do not run the same job on one project at once. A lock whose
// process is gone (same host, pid not alive) or whose heartbeat is older than STALE_MS is taken
// over: kill -9 never leaves a project locked for good.
import { hostname } from 'node:os'
import { AppError } from '../../shared/errors'
import { processAlive } from '../db/create-file'
import { beatJobLock, claimJobLock, releaseJobLock } from '../db/job-locks'
import type { Db } from '../db/open'

const STALE_MS = 5 * 60_000

export interface JobLock {
  /** refresh the heartbeat (call every batch) */
  beat(): void
  release(): void
}

export function acquireJobLock(db: Db, kind: string): JobLock {
  const host = hostname()
  claimJobLock(db, kind, process.pid, host, (cur) => {
    if (cur && !(cur.pid === process.pid && cur.host === host)) {
      const stale =
        Date.now() - Date.parse(cur.started_at) > STALE_MS || (cur.host === host && !processAlive(cur.pid))
      if (!stale) {
        throw new AppError(
          'busy',
          `A ${kind} job is already running on this project (process ${cur.pid} on ${cur.host}). Wait for it, or stop it first.`,
          { pid: cur.pid, host: cur.host }
        )
      }
    }
  })
  let last = Date.now()
  return {
    beat() {
      if (Date.now() - last < 10_000) return
      last = Date.now()
      beatJobLock(db, kind, process.pid)
    },
    release() {
      if (db.open) releaseJobLock(db, kind, process.pid, host)
    }
  }
}
