// Publishing a project file to an empty team store, in ONE PostgreSQL transaction with the schema:
// the project's name and kind, labels (merges kept), template sets (the active one marked), images
// by content hash and place (the folder's name and the path inside it), predictions and the whole
// decision log with its uids. A failure leaves the database as it was.
import { basename } from 'node:path'
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'
import type { Db } from '../open'
import { localLog, remapSuggestion } from './local-log'
import { inTransaction, migrateInTransaction, serverMajor } from './schema'
import { insertDecisions } from './server-log'

export interface PublishResult {
  labels: number
  templateSets: number
  images: number
  predictions: number
  decisions: number
}

interface LocalImage {
  id: number
  root: string
  rel_path: string
  hash: string | null
  width: number | null
  height: number | null
}

/** Each root's folder name on the server, made unique when two roots share a base name. */
export function folderNames(roots: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  const used = new Set<string>()
  for (const r of roots) {
    const base = basename(r) || 'images'
    let name = base
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`
    used.add(name)
    out.set(r, name)
  }
  return out
}

async function copyLabels(db: Db, client: ClientBase): Promise<Map<number, number>> {
  const labels = db
    .prepare(
      'SELECT id, name, descriptions, negatives, color, hotkey, archived, merged_into FROM labels ORDER BY id'
    )
    .all() as {
    id: number
    name: string
    descriptions: string
    negatives: string
    color: string
    hotkey: string | null
    archived: number
    merged_into: number | null
  }[]
  const ids = new Map<number, number>()
  for (const l of labels) {
    const r = await client.query<{ id: string }>(
      'INSERT INTO labels (name, descriptions, negatives, color, hotkey, archived) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6) RETURNING id',
      [l.name, l.descriptions, l.negatives, l.color, l.hotkey, l.archived === 1]
    )
    ids.set(l.id, Number(r.rows[0].id))
  }
  for (const l of labels) {
    if (l.merged_into === null) continue
    await client.query('UPDATE labels SET merged_into = $1 WHERE id = $2', [
      ids.get(l.merged_into),
      ids.get(l.id)
    ])
  }
  return ids
}

async function copyTemplateSets(db: Db, client: ClientBase): Promise<number> {
  const active = (
    db.prepare('SELECT active_template_set_id AS id FROM project WHERE id = 1').get() as { id: number | null }
  ).id
  const sets = db.prepare('SELECT id, name, templates FROM template_sets ORDER BY id').all() as {
    id: number
    name: string
    templates: string
  }[]
  for (const s of sets) {
    await client.query('INSERT INTO template_sets (name, templates, active) VALUES ($1, $2::jsonb, $3)', [
      s.name,
      s.templates,
      s.id === active
    ])
  }
  return sets.length
}

async function copyImages(db: Db, client: ClientBase): Promise<Map<number, number>> {
  const roots = (db.prepare('SELECT path FROM roots ORDER BY id').all() as { path: string }[]).map(
    (r) => r.path
  )
  const folders = folderNames(roots)
  const images = db
    .prepare(
      'SELECT i.id, r.path AS root, i.rel_path, i.hash, i.width, i.height FROM images i JOIN roots r ON r.id = i.root_id ORDER BY i.id'
    )
    .all() as LocalImage[]
  const ids = new Map<number, number>()
  for (let i = 0; i < images.length; i += 1000) {
    const part = images.slice(i, i + 1000)
    const r = await client.query<{ id: string; n: string }>(
      `INSERT INTO images (hash, folder, rel_path, width, height)
       SELECT u.hash, u.folder, u.rel_path, u.width, u.height
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[]) WITH ORDINALITY AS u(hash, folder, rel_path, width, height, n)
        ORDER BY u.n RETURNING id`,
      [
        part.map((x) => x.hash),
        part.map((x) => folders.get(x.root)),
        part.map((x) => x.rel_path),
        part.map((x) => x.width),
        part.map((x) => x.height)
      ]
    )
    // identity values follow the insert order of one statement
    r.rows.forEach((row, k) => ids.set(part[k].id, Number(row.id)))
  }
  return ids
}

async function copyPredictions(
  db: Db,
  client: ClientBase,
  images: Map<number, number>,
  labels: Map<number, number>
): Promise<number> {
  const rows = db.prepare('SELECT image_id, model_id, topk FROM predictions').all() as {
    image_id: number
    model_id: string
    topk: string
  }[]
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000)
    const topk = part.map((p) =>
      JSON.stringify(
        (JSON.parse(p.topk) as [number, number][]).map(([l, prob]) => [labels.get(l) ?? null, prob])
      )
    )
    await client.query(
      'INSERT INTO predictions (image_id, model_id, topk) SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[])',
      [part.map((p) => images.get(p.image_id)), part.map((p) => p.model_id), topk]
    )
  }
  return rows.length
}

/**
 * Creates (or updates) the schema and copies the project into the store. Refuses a store that
 * already holds a project. Connect as the role that will own the team project. `then` runs in the
 * same transaction (adding the first members): when it fails, nothing was published.
 */
export async function publishProject(
  db: Db,
  client: ClientBase,
  then?: () => Promise<void>
): Promise<PublishResult> {
  await serverMajor(client)
  return inTransaction(client, async () => {
    await migrateInTransaction(client)
    const has = await client.query('SELECT name FROM project')
    if (has.rowCount) {
      throw new AppError(
        'target_not_empty',
        `This database already holds the team project "${has.rows[0].name}"; use an empty database.`
      )
    }
    const p = db.prepare('SELECT name, kind FROM project WHERE id = 1').get() as {
      name: string
      kind: string | null
    }
    await client.query('INSERT INTO project (id, name, kind) VALUES (1, $1, $2)', [
      p.name,
      p.kind ?? 'single'
    ])
    const labels = await copyLabels(db, client)
    const templateSets = await copyTemplateSets(db, client)
    const images = await copyImages(db, client)
    const predictions = await copyPredictions(db, client, images, labels)
    const log = localLog(db).map((d) => ({
      ...d,
      imageId: images.get(d.imageId)!,
      labelId: d.labelId === null ? null : (labels.get(d.labelId) ?? null),
      suggestion: remapSuggestion(d.suggestion, labels)
    }))
    const decisions = await insertDecisions(client, log)
    await then?.()
    return { labels: labels.size, templateSets, images: images.size, predictions, decisions }
  })
}
