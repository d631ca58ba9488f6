// Saved screen state of a project (migration 3): one JSON document per key, written whole. What
// the key holds is the caller's business (services validate it on the way out with zod); a
// damaged document reads as absent so a bad row never blocks a screen.
import type { Db } from './open'

export type SavedKey =
  'compare.report' | 'agreement.report' | 'export.options' | 'mistakes.kept' | 'scan.last'

export interface Saved<T> {
  value: T
  savedAt: string
}

export function readSaved(db: Db, key: SavedKey): Saved<unknown> | null {
  const row = db.prepare('SELECT value, saved_at AS savedAt FROM saved_state WHERE key = ?').get(key) as
    { value: string; savedAt: string } | undefined
  if (!row) return null
  try {
    return { value: JSON.parse(row.value) as unknown, savedAt: row.savedAt }
  } catch {
    return null
  }
}

export function writeSaved(db: Db, key: SavedKey, value: unknown, now = new Date()): string {
  const savedAt = now.toISOString()
  db.prepare(
    `INSERT INTO saved_state (key, value, saved_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at`
  ).run(key, JSON.stringify(value), savedAt)
  return savedAt
}
