// App-wide state shared by the screens: the API, app info, model status, the open project, the
// latest progress of each job, and a toast line for errors.
import { createContext, useContext } from 'react'
import type { AppInfo, JobProgress, ModelStatus, ProjectSummary, ZebraApi } from '../../shared/contract'
import type { LanguageChoice } from '../../shared/i18n/language'

/** A fixed list of images to review as a queue (a confusion cell of the compare screen, …). */
export interface ReviewList {
  /** what the list is, shown above the queue */
  title: string
  imageIds: number[]
  /** the image to show first (default: the first of the list) */
  focus?: number
}

export type Screen = 'start' | 'model' | 'prelabel' | 'review' | 'grid' | 'tagpass' | 'compare' | 'settings'

export interface AppState {
  api: ZebraApi
  info: AppInfo | null
  model: ModelStatus | null
  project: ProjectSummary | null
  jobs: Record<string, JobProgress>
  go(screen: Screen): void
  /** The settings screen on one of its tabs (the review bar's annotator leads to its tab). */
  openSettings?(tab: string): void
  refreshProject(): Promise<void>
  refreshModel(): Promise<void>
  setProject(p: ProjectSummary | null): void
  setModel(m: ModelStatus): void
  notify(message: string, kind?: 'error' | 'info'): void
  openExport(): void
  /** Names the person deciding (app.setAnnotator): every decision and import records it. */
  setAnnotator?(name: string): Promise<void>
  /** Sets the interface language (app.setLanguage); the screen follows at once. */
  setLanguage?(language: LanguageChoice): Promise<void>
  /** Switch to review showing this image first (the grid's Enter / double-click). */
  openInReview?(imageId: number): void
  /** The image review was asked to open; review shows it, then calls clearReviewFocus. */
  reviewFocus?: number | null
  clearReviewFocus?(): void
  /** Switch to review on a fixed list of images (the compare screen's confusion cells). */
  openListInReview?(list: ReviewList): void
  /** The list review was asked to open; review takes it, then calls clearReviewList. */
  reviewList?: ReviewList | null
  clearReviewList?(): void
}

export const AppContext = createContext<AppState | null>(null)

export function useApp(): AppState {
  const v = useContext(AppContext)
  if (!v) throw new Error('useApp outside <AppContext>')
  return v
}
