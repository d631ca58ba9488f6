// What this tab has open (the project file, the image on the review stage), kept in the tab's
// sessionStorage: a server that restarted has no project open, and the tab reopens this one at the
// same image instead of dropping the person on Start.

const KEY = 'zebra.resume'

export interface Resume {
  path: string
  imageId: number | null
}

function store(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null // storage blocked (privacy settings): nothing to resume, nothing breaks
  }
}

export function recall(storage: Storage | null = store()): Resume | null {
  try {
    const r = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<Resume> | null
    if (!r || typeof r.path !== 'string' || !r.path) return null
    return { path: r.path, imageId: typeof r.imageId === 'number' ? r.imageId : null }
  } catch {
    return null
  }
}

function write(r: Resume | null, storage: Storage | null): void {
  if (r) storage?.setItem(KEY, JSON.stringify(r))
  else storage?.removeItem(KEY)
}

/** The project now open (the image is kept when it is the same project). */
export function rememberProject(path: string, storage: Storage | null = store()): void {
  const r = recall(storage)
  if (r?.path !== path) write({ path, imageId: null }, storage)
}

/** The image on the review stage of the project at `path`. */
export function rememberImage(path: string, imageId: number, storage: Storage | null = store()): void {
  write({ path, imageId }, storage)
}

/** The project was closed on purpose: nothing to reopen. */
export function forget(storage: Storage | null = store()): void {
  write(null, storage)
}
