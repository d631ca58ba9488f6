// This renderer's id, sent with its decisions: the project.changed events they cause come back
// with it, so the screen that already has the answer does not ask again.
export const CLIENT_ID: string =
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
