// The folders screen's data: a project's image folders with their counts, the last
// scan's summary and the files that could not be read. Plain data, re-exported by contract.ts.
import type { ProjectCounts } from './domain'
import type { NotTaken } from './not-taken'

export interface RootInfo {
  id: number
  /** absolute, realpath'd when added */
  path: string
  /** whether the folder is there now (a disconnected drive shows as false) */
  exists: boolean
  /** every indexed file of the folder: ok + unreadable + missing */
  images: number
  ok: number
  unreadable: number
  missing: number
  /** ok images with suggestions */
  prelabeled: number
  /** images with a current label (they stay in the decision log if the folder is removed) */
  decided: number
}

/** What the last scan of the project found (kept in the project file). */
export interface LastScan {
  at: string
  /** image files seen in the folders */
  total: number
  added: number
  changed: number
  moved: number
  missing: number
  /** missing before, found again */
  restored: number
  /** unreadable among the files this scan read (new or changed ones) */
  unreadable: number
  /** folders that could not be read (their images were left as they were) */
  unreadableFolders: { path: string; reason: string }[]
  /** the folders' files that were not taken as images (not a format Zebra reads, hidden, ...) */
  notTaken: NotTaken
}

export interface UnreadableImage {
  imageId: number
  root: string
  relPath: string
  reason: string
}

/** The pre-label screen's numbers and list, from one read of the project file. */
export interface ImageStatus {
  counts: ProjectCounts
  /** the first files that cannot be read (counts.unreadable is how many in all) */
  unreadable: UnreadableImage[]
}

export interface FolderChange {
  root: RootInfo
  /** the scan started to index it (null when nothing needed scanning) */
  jobId: string | null
  /** the folder had been removed before: images decided then are back after the scan */
  restored: boolean
}

export interface FolderRemoval {
  path: string
  /** images that left the project */
  images: number
  /** of those, kept in the file as missing because decisions refer to them */
  kept: number
}
