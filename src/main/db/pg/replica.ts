// A member's local replica of a team project: a normal project file whose folders are the member's
// own copies of the images, plus small team_* tables: the link (the connection string WITHOUT its
// password, and the member's role), which local label and image each server one is, and which
// decision uids the server already has. Images are matched by content hash, else by folder name and
// path; the ones not found are kept as missing rows so that the whole log still fits.
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'
import type { Db } from '../open'
import { nowIso } from '../project'
import { folderNames } from './publish'
import { checkStore } from './schema'

export interface TeamSnapshot {
  name: string
  kind: 'single' | 'tags'
  labels: {
    id: number
    name: string
    descriptions: string
    negatives: string
    color: string
    hotkey: string | null
    archived: boolean
    mergedInto: number | null
  }[]
  templateSets: { name: string; templates: string; active: boolean }[]
  images: { id: number; hash: string | null; folder: string; relPath: string }[]
}

export interface TeamLink {
  /** the connection string without password */
  url: string
  annotator: string
}

/** What a member's connection sees of the store; refuses a role that is not a member. */
export async function readTeamSnapshot(client: ClientBase, annotator: string): Promise<TeamSnapshot> {
  await checkStore(client)
  const who = await client.query<{ me: string; member: boolean }>(
    `SELECT current_user AS me,
            pg_has_role(current_user, 'zebra_annotator', 'MEMBER') OR pg_has_role(current_user, 'zebra_reviewer', 'MEMBER') AS member`
  )
  const { me, member } = who.rows[0]
  if (me !== annotator) {
    throw new AppError(
      'invalid_input',
      `The connection is role "${me}", not "${annotator}": leave the user out of the URL or make them match.`
    )
  }
  if (!member)
    throw new AppError('unauthorized', `Role "${me}" is not an annotator or reviewer of this team project.`)
  const p = await client.query<{ name: string; kind: 'single' | 'tags' }>(
    'SELECT name, kind FROM project WHERE id = 1'
  )
  if (!p.rowCount)
    throw new AppError(
      'not_found',
      'This team store holds no project yet: its owner runs `zebra team init` first.'
    )
  const labels = await client.query(
    'SELECT id::int AS id, name, descriptions::text AS descriptions, negatives::text AS negatives, color, hotkey, archived, merged_into::int AS "mergedInto" FROM labels ORDER BY id'
  )
  const sets = await client.query(
    'SELECT name, templates::text AS templates, active FROM template_sets ORDER BY id'
  )
  const images = await client.query(
    'SELECT id::int AS id, hash, folder, rel_path AS "relPath" FROM images ORDER BY id'
  )
  return { ...p.rows[0], labels: labels.rows, templateSets: sets.rows, images: images.rows } as TeamSnapshot
}

const TABLES = `
CREATE TABLE IF NOT EXISTS team_link (id INTEGER PRIMARY KEY CHECK (id = 1), url TEXT NOT NULL,
  annotator TEXT NOT NULL, joined_at TEXT NOT NULL, pulled_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS team_labels (label_id INTEGER PRIMARY KEY REFERENCES labels(id), server_id INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS team_images (image_id INTEGER PRIMARY KEY REFERENCES images(id), server_id INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS team_known (uid TEXT PRIMARY KEY) WITHOUT ROWID;`

/** The replica's link, or null for a file that is not a team replica. */
export function teamLink(db: Db): (TeamLink & { pulledSeq: number }) | null {
  const t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_link'").get()
  if (!t) return null
  const r = db.prepare('SELECT url, annotator, pulled_seq FROM team_link WHERE id = 1').get() as
    { url: string; annotator: string; pulled_seq: number } | undefined
  return r ? { url: r.url, annotator: r.annotator, pulledSeq: r.pulled_seq } : null
}

export interface LinkResult {
  matched: number
  /** server images with no local copy: folder/path */
  missing: string[]
}

/** Writes the snapshot into a freshly created, scanned project file and links it to the team. */
export function linkReplica(db: Db, snap: TeamSnapshot, link: TeamLink): LinkResult {
  if (/:[^@/]*@/.test(link.url.replace(/^[a-z]+:\/\//i, '')))
    throw new Error('a team link must not hold a password')
  return db
    .transaction(() => {
      db.exec(TABLES)
      const now = nowIso()
      db.prepare('INSERT INTO team_link (id, url, annotator, joined_at) VALUES (1, ?, ?, ?)').run(
        link.url,
        link.annotator,
        now
      )
      db.prepare('UPDATE project SET name = ?, kind = ? WHERE id = 1').run(snap.name, snap.kind)
      linkLabels(db, snap, now)
      const sets = db.prepare(
        'INSERT INTO template_sets (name, templates, created_at) VALUES (?, ?, ?) RETURNING id'
      )
      for (const s of snap.templateSets) {
        const r = sets.get(s.name, s.templates, now) as { id: number }
        if (s.active) db.prepare('UPDATE project SET active_template_set_id = ? WHERE id = 1').run(r.id)
      }
      return linkImages(db, snap.images, now)
    })
    .immediate()
}

function linkLabels(db: Db, snap: TeamSnapshot, now: string): void {
  const ins = db.prepare(
    'INSERT INTO labels (name, descriptions, negatives, color, hotkey, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id'
  )
  const local = new Map<number, number>()
  for (const l of snap.labels) {
    const r = ins.get(l.name, l.descriptions, l.negatives, l.color, l.hotkey, l.archived ? 1 : 0, now) as {
      id: number
    }
    local.set(l.id, r.id)
    db.prepare('INSERT INTO team_labels (label_id, server_id) VALUES (?, ?)').run(r.id, l.id)
  }
  for (const l of snap.labels) {
    if (l.mergedInto === null) continue
    db.prepare('UPDATE labels SET merged_into = ?, merged_at = ? WHERE id = ?').run(
      local.get(l.mergedInto),
      now,
      local.get(l.id)
    )
  }
  db.prepare('UPDATE project SET label_version = label_version + 1 WHERE id = 1').run()
}

/**
 * Maps each of the store's `images` to a local one (by content hash, else by folder name and path
 * for a file with no hash), or adds a missing row for it. `taken`: local images already mapped to
 * another store image (a refresh links only the images the store gained).
 */
export function linkImages(
  db: Db,
  images: TeamSnapshot['images'],
  now: string,
  taken: Set<number> = new Set()
): LinkResult {
  const roots = db.prepare('SELECT id, path FROM roots ORDER BY id').all() as { id: number; path: string }[]
  const names = folderNames(roots.map((r) => r.path))
  const local = db.prepare('SELECT i.id, i.root_id, i.rel_path, i.hash FROM images i').all() as {
    id: number
    root_id: number
    rel_path: string
    hash: string | null
  }[]
  const folderOf = new Map(roots.map((r) => [r.id, names.get(r.path)!]))
  const byHash = new Map<string, number[]>()
  const byPlace = new Map<string, number>()
  for (const i of local) {
    if (i.hash) byHash.set(i.hash, [...(byHash.get(i.hash) ?? []), i.id])
    byPlace.set(`${folderOf.get(i.root_id)}/${i.rel_path}`, i.id)
  }
  const hashed = new Set(local.filter((x) => x.hash).map((x) => x.id))
  const map = db.prepare('INSERT INTO team_images (image_id, server_id) VALUES (?, ?)')
  const addMissing = db.prepare(
    "INSERT INTO images (root_id, rel_path, hash, state, reason, added_at) VALUES (?, ?, ?, 'missing', 'not in this member''s folders', ?) RETURNING id"
  )
  const missing: string[] = []
  for (const s of images) {
    const place = `${s.folder}/${s.relPath}`
    let id = (s.hash ? byHash.get(s.hash) : undefined)?.find((x) => !taken.has(x))
    if (id === undefined) {
      const p = byPlace.get(place)
      if (p !== undefined && !taken.has(p) && !hashed.has(p)) id = p
    }
    if (id === undefined) {
      id = (addMissing.get(roots[0].id, `team-missing/${place}`, s.hash, now) as { id: number }).id
      missing.push(place)
    }
    taken.add(id)
    map.run(id, s.id)
  }
  return { matched: images.length - missing.length, missing }
}
