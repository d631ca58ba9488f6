// A published team project of N synthetic images and one replica per annotator, for the chaos
// test and the bench. The store is made the way a lead makes it (publishProject from a project
// file, addMember per annotator); each replica the way `zebra team join` makes it (a project file
// holding the member's images, linked by hash to the store's), except that the images are rows
// only: one base file with every image row is built once and copied for each member.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Client } from 'pg'
import { Project } from '../../project'
import { createSyntheticProject } from '../../testing/synthetic'
import { publishProject } from '../publish'
import { linkReplica, readTeamSnapshot } from '../replica'
import { addMember } from '../roles'
import type { Cluster } from './cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './team-db'

export interface TeamFixture {
  db: string
  /** the owner's connection (direct, not through any proxy) */
  owner: Client
  /** each annotator's replica file */
  replicas: Map<string, string>
}

/** The folder every copy's images live in (rows only: no file is read). */
const ROOT = 'photos'

function baseReplica(source: Project, file: string, root: string): void {
  const base = Project.create(file, { roots: [root] })
  try {
    const rows = source.db.prepare('SELECT rel_path, hash FROM images ORDER BY id').all() as {
      rel_path: string
      hash: string
    }[]
    const rootId = base.roots()[0]!.id
    const ins = base.db.prepare(
      "INSERT INTO images (root_id, rel_path, hash, bytes, mtime_ms, width, height, format, state, added_at) VALUES (?, ?, ?, 1, 0, 640, 480, 'jpeg', 'ok', '2026-01-01T00:00:00.000Z')"
    )
    base.db.transaction(() => rows.forEach((r) => ins.run(rootId, r.rel_path, r.hash)))()
  } finally {
    base.close()
  }
}

/**
 * Publishes a synthetic project of `images` images (10 labels, nothing decided) to a fresh
 * database of `cluster`, adds the annotators (password MEMBER_PASSWORD) and makes their replicas
 * in `dir`. The replicas' links name the cluster's own port; callers may connect elsewhere.
 */
export async function makeTeam(
  cluster: Cluster,
  dir: string,
  images: number,
  annotators: readonly string[]
): Promise<TeamFixture> {
  const db = await createTeamDb(cluster)
  const owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
  owner.on('error', () => undefined)
  const root = join(dir, ROOT)
  mkdirSync(root, { recursive: true })
  const source = createSyntheticProject(join(dir, 'source.zebra'), root, { images, labels: 10, reviewed: 0 })
  const base = join(dir, 'base.zebra')
  try {
    await publishProject(source.db, owner)
    baseReplica(source, base, root)
  } finally {
    source.close()
  }
  for (const a of annotators) await addMember(owner, a, 'annotator', MEMBER_PASSWORD)
  const replicas = new Map<string, string>()
  for (const a of annotators) {
    const file = join(dir, `${a}.zebra`)
    copyFileSync(base, file)
    const member = await connectAs(cluster, db, a, MEMBER_PASSWORD)
    const p = Project.open(file)
    try {
      const snap = await readTeamSnapshot(member, a)
      const linked = linkReplica(p.db, snap, {
        url: `postgres://${a}@127.0.0.1:${cluster.port}/${db}`,
        annotator: a
      })
      if (linked.missing.length) throw new Error(`${a}'s replica lacks ${linked.missing.length} images`)
    } finally {
      p.close()
      await member.end()
    }
    replicas.set(a, file)
  }
  return { db, owner, replicas }
}
