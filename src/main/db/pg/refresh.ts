// Bringing into a replica what the store gained after the member joined: labels, template sets and
// images (matched to the member's files as at join, by content hash, else by place), their
// embeddings and predictions; then the decisions a pull skipped because it named an image or label
// the replica did not have are pulled again (from the start of the log: pulling is idempotent by
// uid, so the rows the replica has are passed over). Changes to labels the replica already has
// (a rename, a merge, an archive) are not taken.
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'
import type { Db } from '../open'
import { nowIso } from '../project'
import { refreshAllTagImages } from '../tag-state'
import { linkImages, readTeamSnapshot, teamLink, type TeamSnapshot } from './replica'
import { takeVectors } from './replica-vectors'
import { pullDecisions } from './sync'

export interface RefreshResult {
  /** names of the labels added */
  labels: string[]
  templateSets: number
  /** new store images found in the member's folders */
  images: number
  /** new store images not found: folder/path */
  missing: string[]
  embeddings: number
  predictions: number
  /** decisions pulled again after the refresh (the ones skipped before) */
  pulled: number
  /** decisions a pull still cannot place (labels or images the store gained meanwhile) */
  skipped: number
}

/**
 * Links the store's labels the replica lacks: to a local label of the same name (one the member
 * made), else to a new one. Returns how many were linked and the names of the ones added.
 */
function addLabels(db: Db, labels: TeamSnapshot['labels'], now: string): { linked: number; added: string[] } {
  const mapped = new Map(
    (
      db.prepare('SELECT server_id AS s, label_id AS l FROM team_labels').all() as { s: number; l: number }[]
    ).map((r) => [r.s, r.l])
  )
  const taken = new Set(mapped.values())
  const byName = db.prepare('SELECT id FROM labels WHERE name = ?').pluck()
  const ins = db.prepare(
    'INSERT INTO labels (name, descriptions, negatives, color, hotkey, archived, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id'
  )
  const link = db.prepare('INSERT INTO team_labels (label_id, server_id) VALUES (?, ?)')
  const fresh = labels.filter((l) => !mapped.has(l.id))
  const added: string[] = []
  for (const l of fresh) {
    const same = byName.get(l.name) as number | undefined
    let id: number
    if (same !== undefined && !taken.has(same)) id = same
    else {
      id = (
        ins.get(l.name, l.descriptions, l.negatives, l.color, l.hotkey, l.archived ? 1 : 0, now) as {
          id: number
        }
      ).id
      added.push(l.name)
    }
    link.run(id, l.id)
    mapped.set(l.id, id)
    taken.add(id)
  }
  for (const l of fresh) {
    if (l.mergedInto === null || !mapped.has(l.mergedInto)) continue
    db.prepare('UPDATE labels SET merged_into = ?, merged_at = ? WHERE id = ?').run(
      mapped.get(l.mergedInto),
      now,
      mapped.get(l.id)
    )
  }
  if (fresh.length) {
    db.prepare('UPDATE project SET label_version = label_version + 1 WHERE id = 1').run()
    refreshAllTagImages(db)
  }
  return { linked: fresh.length, added }
}

const sameTemplates = (a: string, b: string): boolean =>
  JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b))

/** Adds the store's template sets the replica lacks (same name and templates); a new active one becomes active. */
function addTemplateSets(db: Db, sets: TeamSnapshot['templateSets'], now: string): number {
  const local = db.prepare('SELECT name, templates FROM template_sets').all() as {
    name: string
    templates: string
  }[]
  const ins = db.prepare(
    'INSERT INTO template_sets (name, templates, created_at) VALUES (?, ?, ?) RETURNING id'
  )
  let n = 0
  for (const s of sets) {
    if (local.some((l) => l.name === s.name && sameTemplates(l.templates, s.templates))) continue
    const r = ins.get(s.name, s.templates, now) as { id: number }
    if (s.active) db.prepare('UPDATE project SET active_template_set_id = ? WHERE id = 1').run(r.id)
    n++
  }
  return n
}

/**
 * Refreshes the replica from the store (the member's connection). Scan the member's folders first,
 * so that the store's new images are found among their files.
 */
export async function refreshReplica(client: ClientBase, db: Db): Promise<RefreshResult> {
  const link = teamLink(db)
  if (!link)
    throw new AppError(
      'invalid_input',
      'This project is not a team replica: make one with `zebra team join`.'
    )
  const snap = await readTeamSnapshot(client, link.annotator)
  const known = new Set(db.prepare('SELECT server_id FROM team_images').pluck().all() as number[])
  const newImages = snap.images.filter((i) => !known.has(i.id))
  const now = nowIso()
  const local = db
    .transaction(() => {
      const labels = addLabels(db, snap.labels, now)
      const templateSets = addTemplateSets(db, snap.templateSets, now)
      const taken = new Set(db.prepare('SELECT image_id FROM team_images').pluck().all() as number[])
      const linked = linkImages(db, newImages, now, taken)
      return { labels, templateSets, linked }
    })
    .immediate()
  const vectors = await takeVectors(client, db, new Set(newImages.map((i) => i.id)))
  // the rows skipped before lie anywhere in the log: read it again from the start
  if (local.labels.linked > 0 || newImages.length > 0)
    db.prepare('UPDATE team_link SET pulled_seq = 0 WHERE id = 1').run()
  const pull = await pullDecisions(client, db)
  return {
    labels: local.labels.added,
    templateSets: local.templateSets,
    images: local.linked.matched,
    missing: local.linked.missing,
    embeddings: vectors.embeddings,
    predictions: vectors.predictions,
    ...pull
  }
}
