// Image folders of a project, as the folders screen and `zebra folders` change them:
// list with counts, add (a real folder, not nested with one in use), remove (images leave the
// project; the decision log keeps what was decided on them). Scanning is the caller's next step.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { RootInfo } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { isInside, realOrResolved } from '../db/paths'
import type { Project } from '../db/project'
import { nowIso } from '../db/project'
import { deleteRoot, insertRoot, rootStats, type RemovedRoot } from '../db/roots'
import { acquireJobLock } from './lock'

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** The folders in use with their image counts, and whether each is there now. */
export function listFolders(project: Project): RootInfo[] {
  return rootStats(project.db).map((r) => ({ ...r, exists: isDir(r.path) }))
}

export interface AddedFolder {
  root: RootInfo
  /** it had been removed before: the next scan brings its decided images back */
  restored: boolean
  /** it was already a folder of the project (nothing changed) */
  already: boolean
}

export function addFolder(project: Project, dir: string): AddedFolder {
  const abs = resolve(dir)
  let st
  try {
    st = statSync(abs)
  } catch {
    throw new AppError('not_found', `Image folder not found: ${abs}`, { folder: abs })
  }
  if (!st.isDirectory())
    throw new AppError('invalid_input', `${abs} is a file, not a folder.`, { folder: abs })
  const r = insertRoot(project.db, realOrResolved(abs), isInside)
  const root = listFolders(project).find((f) => f.id === r.id)!
  return { root, restored: r.restored, already: r.already }
}

/** The folder in use named by its id, or by its path (as added, or as typed now). */
export function findFolder(project: Project, ref: number | string): { id: number; path: string } {
  const roots = project.roots()
  const hit =
    typeof ref === 'number'
      ? roots.find((r) => r.id === ref)
      : roots.find((r) => r.path === realOrResolved(ref) || r.path === resolve(ref))
  if (!hit) {
    const list = roots.map((r) => r.path).join(', ')
    throw new AppError('not_found', `${String(ref)} is not a folder of this project (its folders: ${list}).`)
  }
  return hit
}

/**
 * Removes a folder from the project. Holds the 'prelabel' job lock meanwhile: a pre-label run in
 * another process would write suggestions for images this deletes.
 */
export function removeFolder(project: Project, ref: number | string): RemovedRoot {
  const root = findFolder(project, ref)
  const lock = acquireJobLock(project.db, 'prelabel')
  try {
    return deleteRoot(project.db, root.id, nowIso())
  } finally {
    lock.release()
  }
}
