// Runs of each model in a project (migration 7): pre-labelling runs and timed samples give the
// images/s the model comparison shows; imports are recorded without a rate (made elsewhere).
import type { ModelSpeed } from '../../shared/models-report'
import type { Db } from './open'
import { nowIso } from './project'

export interface ModelRun {
  modelId: string
  kind: 'prelabel' | 'sample' | 'import'
  images: number
  /** wall time of the embedding work; null for imports */
  seconds: number | null
  provider: string | null
  host: string
}

export function recordModelRun(db: Db, run: ModelRun, at = nowIso()): void {
  db.prepare(
    'INSERT INTO model_runs (model_id, kind, images, seconds, provider, host, at) VALUES (?, ?, ?, ?, ?, ?, ?)'
  ).run(run.modelId, run.kind, run.images, run.seconds, run.provider, run.host, at)
}

/**
 * The model's speed on `host`, per source: its pre-labelling runs there pooled (images / seconds),
 * and its timed samples pooled; null where there is none.
 */
export function modelSpeeds(
  db: Db,
  modelId: string,
  host: string
): { prelabel: ModelSpeed | null; sample: ModelSpeed | null } {
  const stmt = db.prepare(
    `SELECT sum(images) AS images, sum(seconds) AS seconds, max(at) AS at,
       (SELECT provider FROM model_runs r2 WHERE r2.model_id = @model AND r2.host = @host AND r2.kind = @kind
        ORDER BY r2.id DESC LIMIT 1) AS provider
     FROM model_runs WHERE model_id = @model AND host = @host AND kind = @kind AND images > 0 AND seconds > 0`
  )
  const get = (source: 'prelabel' | 'sample'): ModelSpeed | null => {
    const r = stmt.get({ model: modelId, host, kind: source }) as
      | { images: number | null; seconds: number | null; at: string | null; provider: string | null }
      | undefined
    return r?.images && r.seconds && r.at
      ? { imagesPerS: r.images / r.seconds, images: r.images, source, provider: r.provider, host, at: r.at }
      : null
  }
  return { prelabel: get('prelabel'), sample: get('sample') }
}

/** Hosts other than `host` where the model's speed was measured (for "measured elsewhere" notes). */
export function otherSpeedHosts(db: Db, modelId: string, host: string): string[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT host FROM model_runs WHERE model_id = ? AND host != ? AND kind != 'import' AND seconds > 0`
      )
      .pluck()
      .all(modelId, host) as string[]
  ).sort()
}
