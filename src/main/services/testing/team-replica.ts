// Test fixture: a team store published from the sample images on a throwaway cluster, its members,
// and a member's replica made as `zebra team join` makes one (their own copy of the images,
// scanned, linked). The link holds no password: whoever syncs finds it in PGPASSWORD.
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import type { Client } from 'pg'
import { publishProject } from '../../db/pg/publish'
import { linkReplica, readTeamSnapshot } from '../../db/pg/replica'
import { addMember } from '../../db/pg/roles'
import type { Cluster } from '../../db/pg/testing/cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../../db/pg/testing/team-db'
import { Project } from '../../db/project'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'

const SAMPLES = sampleImagesDir()

/** A fresh store with the sample images and three labels, annotators `members`; the owner's client. */
export async function sampleStore(
  cluster: Cluster,
  dir: string,
  members: string[]
): Promise<{ db: string; owner: Client }> {
  const db = await createTeamDb(cluster)
  const owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
  owner.on('error', () => undefined) // tests stop the server under it
  const src = Project.create(join(dir, `${db}-src.zebra`), {
    roots: [SAMPLES],
    labels: [{ name: 'cat' }, { name: 'rocket' }, { name: 'coffee' }]
  })
  await scanProject(src)
  await publishProject(src.db, owner)
  src.close()
  for (const n of members) await addMember(owner, n, 'annotator', MEMBER_PASSWORD)
  return { db, owner }
}

/** Member `name`'s replica of store `db` at dir/<name>.zebra (returned open). */
export async function memberReplica(
  cluster: Cluster,
  db: string,
  dir: string,
  name: string
): Promise<Project> {
  const client = await connectAs(cluster, db, name, MEMBER_PASSWORD)
  const snap = await readTeamSnapshot(client, name)
  await client.end()
  const images = join(dir, `${name}-photos`)
  cpSync(SAMPLES, images, { recursive: true })
  const p = Project.create(join(dir, `${name}.zebra`), { roots: [images] })
  await scanProject(p)
  linkReplica(p.db, snap, { url: `postgres://${name}@127.0.0.1:${cluster.port}/${db}`, annotator: name })
  return p
}
