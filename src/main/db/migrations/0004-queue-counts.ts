// Migration 4: per-bucket queue counters kept by triggers (user_version 3 -> 4), so review
// positions and totals are sums of counters, not recounts of the queue (db/queue-counts.ts).
// The SQL comes from queue-counts.ts, which owns the bucket layout the triggers must match;
// released: changing that layout means a new migration that drops and refills the counters.
// Its test (seed a schema-3 project, migrate, compare every counter with a recount, plans) is
// `are filled by the migration for a project made before them` in ../queue-counts.test.ts.
import { queueCountsSchema } from '../queue-counts'

export const name = 'queue counters'

export const sql = queueCountsSchema()
