// The pre-label screen's numbers and unreadable list from ONE read transaction of the
// project file, so "2 unreadable" and the list beside it can never disagree.
import type { ImageStatus } from '../../shared/contract'
import type { Project } from './project'
import { unreadableImages } from './roots'

export function imageStatus(project: Project, limit: number): ImageStatus {
  return project.db.transaction(() => ({
    counts: project.counts(),
    unreadable: unreadableImages(project.db, limit).files
  }))()
}
