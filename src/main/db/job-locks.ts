// The job_locks table: one advisory lock row per job kind (jobs/lock.ts decides who may take it).
import type { Db } from './open'

export interface JobLockRow {
  pid: number
  host: string
  started_at: string
}

/**
 * Claims the lock row for `kind` in one IMMEDIATE transaction: `check` sees the current holder
 * (if any) and throws to refuse; otherwise the row is written for pid@host.
 */
export function claimJobLock(
  db: Db,
  kind: string,
  pid: number,
  host: string,
  check: (cur: JobLockRow | undefined) => void
): void {
  db.transaction(() => {
    const cur = db.prepare('SELECT pid, host, started_at FROM job_locks WHERE kind = ?').get(kind) as
      JobLockRow | undefined
    check(cur)
    db.prepare('INSERT OR REPLACE INTO job_locks (kind, pid, host, started_at) VALUES (?, ?, ?, ?)').run(
      kind,
      pid,
      host,
      new Date().toISOString()
    )
  }).immediate()
}

/** refresh the heartbeat of pid's lock on `kind` */
export function beatJobLock(db: Db, kind: string, pid: number): void {
  db.prepare('UPDATE job_locks SET started_at = ? WHERE kind = ? AND pid = ?').run(
    new Date().toISOString(),
    kind,
    pid
  )
}

/** drop pid@host's lock on `kind` (a lock taken over by another process is left alone) */
export function releaseJobLock(db: Db, kind: string, pid: number, host: string): void {
  db.prepare('DELETE FROM job_locks WHERE kind = ? AND pid = ? AND host = ?').run(kind, pid, host)
}
