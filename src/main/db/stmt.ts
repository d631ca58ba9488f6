// Prepared statements kept per connection for the review loop's hot paths.
//
// better-sqlite3 compiles SQL on every db.prepare(): about 30-50 us for a plain query and ~0.3 ms
// of CPU for `UPDATE images ...`, whose queue-counter triggers are compiled into the statement.
// A decision and the next image ran ~25 prepares, about 1 ms of CPU per step at any project size.
// SQLite re-prepares a cached statement by itself after a schema change (a migration by another
// process), so a cached statement never runs stale SQL.
import type { Statement } from 'better-sqlite3'
import type { Db } from './open'

export type StmtMode = 'rows' | 'pluck' | 'raw'

const caches = new WeakMap<Db, Map<string, Statement>>()

/**
 * The connection's prepared statement for `sql`, made once, returning rows as objects, plucked
 * first columns or raw arrays. Never call .pluck()/.raw() on the result: that would change it for
 * every other caller of the same SQL; ask for the mode here instead.
 */
export function stmt(db: Db, sql: string, mode: StmtMode = 'rows'): Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  const key = `${mode}\0${sql}`
  let s = cache.get(key)
  if (!s) {
    s = db.prepare(sql)
    if (mode === 'pluck') s.pluck()
    else if (mode === 'raw') s.raw()
    cache.set(key, s)
  }
  return s
}
