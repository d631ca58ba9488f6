// Migration 4: per-bucket queue counters kept by triggers (user_version 3 -> 4), so review
// positions and totals are sums of counters, not recounts of the queue (db/queue-counts.ts).
// Released: never edit. The generator below is this migration's own copy (filters all, rv and
// kind); migration 8 replaced its triggers and dropped the rv counters. Its test (seed a schema-3
// project, migrate, compare every counter with a recount, plans): 0004-queue-counts.test.ts.

export const name = 'queue counters'

const PROB_SLICES = 4096
const ROOT_SPAN = 4294967296
const Q = { file: 0, prob: 1, margin: 2, label: 3 } as const
const F = { all: 0, rv: 100, kind: 200 } as const

const slice = (x: string): string => `min(${PROB_SLICES - 1}, max(0, CAST(${x} * ${PROB_SLICES} AS INTEGER)))`

function bucketExprs(r: string): { file: string; prob: string; margin: string; label: string } {
  return {
    file: `COALESCE((SELECT b FROM qbounds WHERE root_id = ${r}.root_id AND rel_path <= ${r}.rel_path ORDER BY rel_path DESC LIMIT 1), ${r}.root_id * ${ROOT_SPAN})`,
    prob: slice(`${r}.top1_prob`),
    margin: slice(`${r}.margin`),
    label: `${r}.top1_label * ${PROB_SLICES + 1} + COALESCE(${slice(`${r}.top1_prob`)} + 1, 0)`
  }
}

function contribute(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  const b = bucketExprs(r)
  const orders = [
    `SELECT ${Q.file} AS q, ${b.file} AS b`,
    `SELECT ${Q.prob}, ${b.prob} WHERE ${r}.top1_prob >= 0`,
    `SELECT ${Q.margin}, ${b.margin} WHERE ${r}.margin >= 0`,
    `SELECT ${Q.label}, ${b.label} WHERE ${r}.top1_label >= 0`
  ].join(' UNION ALL ')
  const filters = `SELECT ${F.all} AS f UNION ALL SELECT ${F.rv} + ${r}.rv UNION ALL SELECT ${F.kind} + ${r}.kind`
  return `INSERT INTO qcount (q, f, b, n) SELECT o.q, fl.f, o.b, ${sign} FROM (${orders}) o, (${filters}) fl
    WHERE ${r}.state = 'ok' ON CONFLICT (q, f, b) DO UPDATE SET n = n + excluded.n;`
}

const WATCHED = ['state', 'rv', 'kind', 'top1_label', 'top1_prob', 'margin', 'root_id', 'rel_path']

function queueCountsSchema(): string {
  const changed = WATCHED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')
  const b = bucketExprs('i')
  const fill = (q: number, bucket: string, guard: string): string =>
    [`${F.all}`, `${F.rv} + rv`, `${F.kind} + kind`]
      .map(
        (f) => `INSERT INTO qcount (q, f, b, n) SELECT ${q}, ${f}, bk, count(*) FROM
          (SELECT ${bucket} AS bk, i.rv AS rv, i.kind AS kind FROM images i WHERE i.state = 'ok' AND ${guard})
          WHERE true GROUP BY 2, 3 ON CONFLICT (q, f, b) DO UPDATE SET n = n + excluded.n;`
      )
      .join('\n')
  return `
CREATE TABLE qcount (
  q INTEGER NOT NULL,
  f INTEGER NOT NULL,
  b INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (q, f, b)
) WITHOUT ROWID;
CREATE TABLE qbounds (
  b INTEGER PRIMARY KEY,
  root_id INTEGER NOT NULL,
  rel_path TEXT NOT NULL,
  UNIQUE (root_id, rel_path)
);
CREATE TRIGGER images_qcount_insert AFTER INSERT ON images BEGIN ${contribute('NEW', 1)} END;
CREATE TRIGGER images_qcount_delete AFTER DELETE ON images BEGIN ${contribute('OLD', -1)} END;
CREATE TRIGGER images_qcount_update AFTER UPDATE OF ${WATCHED.join(', ')} ON images
  WHEN ${changed} BEGIN ${contribute('OLD', -1)} ${contribute('NEW', 1)} END;
${fill(Q.file, b.file, 'true')}
${fill(Q.prob, b.prob, 'i.top1_prob >= 0')}
${fill(Q.margin, b.margin, 'i.margin >= 0')}
${fill(Q.label, b.label, 'i.top1_label >= 0')}
`
}

export const sql = queueCountsSchema()
