// A decision's identity across copies of one project file. Rows written since migration 10 carry a
// random uid. Older rows have none (the log is append-only, so none is added afterwards): their
// identity is derived from the project's creation time and their row id, which copies of one file
// share for every row made before the copy. A merged legacy row stores that derived identity in its
// uid column, so a later merge (in either direction) recognises it.

const LEGACY = 'legacy:'

/** The identity of a row without a uid, in the project created at `createdAt`. */
export function legacyUid(createdAt: string, decisionId: number): string {
  return `${LEGACY}${createdAt}:${decisionId}`
}

/** A row's identity: its uid, else its legacy identity. */
export function decisionIdentity(createdAt: string, row: { id: number; uid: string | null }): string {
  return row.uid ?? legacyUid(createdAt, row.id)
}

/** Whether an identity was derived (a row made before uids), not a random uid. */
export function isLegacyUid(uid: string): boolean {
  return uid.startsWith(LEGACY)
}

/**
 * The row id a legacy identity names in the project created at `createdAt` (the row here that has
 * no uid), or null when it is a random uid or a legacy identity of another project.
 */
export function legacyRowId(createdAt: string, uid: string): number | null {
  const prefix = `${LEGACY}${createdAt}:`
  if (!uid.startsWith(prefix)) return null
  const id = Number(uid.slice(prefix.length))
  return Number.isSafeInteger(id) && id > 0 ? id : null
}
