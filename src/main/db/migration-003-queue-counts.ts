// Migration 3: per-bucket queue counters kept by triggers (see queue-counts.ts), so review
// positions and totals no longer count the queue. Filled here for the images already there.
import { queueCountsSchema } from './queue-counts'
import type { Migration } from './schema'

export const MIGRATION_3: Migration = { version: 3, name: 'queue counters', sql: queueCountsSchema() }
