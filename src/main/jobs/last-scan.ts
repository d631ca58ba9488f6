// What the last finished scan found, kept in the project file (saved_state 'scan.last'), so the
// folders screen can say "last scan: 3 new, 1 unreadable" after a restart, whoever ran it (the
// app, the scan on open, or `zebra scan`).
import type { LastScan } from '../../shared/contract'
import { emptyNotTaken, isNotTaken } from '../../shared/not-taken'
import type { Db } from '../db/open'
import { readSaved, writeSaved } from '../db/saved-state'
import type { ScanResult } from './scan'

export function recordLastScan(db: Db, r: ScanResult, now = new Date()): LastScan {
  const value: Omit<LastScan, 'at'> = {
    total: r.total,
    added: r.added,
    changed: r.changed,
    moved: r.moved,
    missing: r.missing,
    restored: r.restored,
    unreadable: r.unreadable,
    unreadableFolders: r.unreadableFolders.slice(0, 50).map((f) => ({ path: f.path, reason: f.reason })),
    notTaken: r.notTaken // bounded by the walker
  }
  const at = writeSaved(db, 'scan.last', value, now)
  return { ...value, at }
}

function isLastScan(v: unknown): v is Omit<LastScan, 'at'> {
  const o = v as Partial<LastScan> | null
  return (
    !!o &&
    ['total', 'added', 'changed', 'moved', 'missing', 'restored', 'unreadable'].every(
      (k) => typeof (o as Record<string, unknown>)[k] === 'number'
    ) &&
    Array.isArray(o.unreadableFolders)
  )
}

/** the last finished scan, or null (never scanned, or a damaged record) */
export function readLastScan(db: Db): LastScan | null {
  const s = readSaved(db, 'scan.last')
  if (!s || !isLastScan(s.value)) return null
  // a record kept before files passed over were counted: none known
  const notTaken = isNotTaken(s.value.notTaken) ? s.value.notTaken : emptyNotTaken()
  return { ...s.value, notTaken, at: s.savedAt }
}
