// Events (main -> renderer) and sends (renderer -> main, fire and forget).
import { z } from 'zod'
import type { JobProgress, ModelStatus } from './domain'
import type { TeamStatus } from './team'

export interface EventMap {
  'job.progress': JobProgress
  'project.changed': {
    reason:
      | 'decision'
      | 'labels'
      | 'templates'
      | 'settings'
      | 'scan'
      | 'folders'
      | 'prelabel'
      | 'rescore'
      | 'opened'
      | 'closed'
      // a team replica's sync brought in others' decisions
      | 'team'
      // not sent by main: the browser transport's own, when its event stream came back after a break
      | 'reconnected'
    /** the renderer whose request made the change, when it said (it has the answer already) */
    origin?: string
  }
  'model.changed': ModelStatus
  /** a team replica's sync status, whenever it changes */
  'team.status': TeamStatus
}
export type EventChannel = keyof EventMap
export const EVENT_CHANNELS: readonly EventChannel[] = [
  'job.progress',
  'project.changed',
  'model.changed',
  'team.status'
]

export const sendSchemas = {
  'renderer.log': z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().max(10_000)
  })
} as const
export type SendChannel = keyof typeof sendSchemas
export type SendInput<K extends SendChannel> = z.input<(typeof sendSchemas)[K]>
