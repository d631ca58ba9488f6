// `zebra team refresh` through the real launcher from a folder outside the repository, against a
// throwaway PostgreSQL cluster: the owner published two images fewer than the member has, then
// adds them and a label to the store and decides one with it; the member's sync skips that
// decision and says to refresh; the refresh takes the label and the images (found by content in
// the member's folder) and pulls the decision. A file that is no replica is a usage error.
import { cpSync, renameSync, rmSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../db/pg/testing/team-db'
import { runZebra, workDir } from './testing/harness'

const LATER = ['photo_rocket.jpg', 'photo_coffee.jpg']
const ABSENT = 'photo_chelsea.jpg'

describeWithCluster('zebra team refresh', () => {
  let cluster: Cluster
  let db: string
  let cwd: string
  let base: NodeJS.ProcessEnv
  const url = (user = ''): string => `postgres://${user ? `${user}@` : ''}127.0.0.1:${cluster.port}/${db}`
  const zebra = (password: string, ...args: string[]): ReturnType<typeof runZebra> =>
    runZebra(args, { cwd, env: { ...base, PGPASSWORD: password, ZEBRA_MEMBER_PASSWORD: MEMBER_PASSWORD } })

  beforeAll(async () => {
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    cwd = workDir('zebra-cli-team-refresh-')
    base = {
      ...process.env,
      HOME: cwd,
      ZEBRA_HOME: join(cwd, 'home'),
      ZEBRA_ANNOTATOR: 'ann',
      ZEBRA_EP: 'cpu'
    }
    delete base.PGPASSWORD
    delete base.PGUSER
    // the owner's folder lacks two of the images, the member's has them all
    cpSync(join(cwd, 'photos'), join(cwd, 'some'), { recursive: true })
    for (const f of LATER) unlinkSync(join(cwd, 'some', f))
    // and the member has not copied one yet when joining
    renameSync(join(cwd, 'photos', ABSENT), join(cwd, ABSENT))
    let r = await runZebra(['init', 'p.zebra', '--images', 'some', '--labels', 'cat,rocket', '--scan'], {
      cwd,
      env: base
    })
    expect(r.code, r.stderr).toBe(0)
    r = await zebra(OWNER_PASSWORD, 'team', 'init', url(OWNER), '--from', 'p.zebra')
    expect(r.code, r.stderr).toBe(0)
    r = await zebra(OWNER_PASSWORD, 'team', 'add', url(OWNER), 'ann')
    expect(r.code, r.stderr).toBe(0)
    r = await zebra(
      MEMBER_PASSWORD,
      'team',
      'join',
      url(),
      '--annotator',
      'ann',
      '--images',
      'photos',
      '--to',
      'ann.zebra'
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/images: 10 found in your folders, 1 missing/)
  })
  afterAll(async () => {
    await cluster?.stop()
    if (cwd) rmSync(cwd, { recursive: true, force: true })
  })

  it('takes the label and images the store gained, and the decision a sync skipped', async () => {
    const local = new Database(join(cwd, 'ann.zebra'), { readonly: true })
    const hashes = LATER.map(
      (f) => local.prepare('SELECT hash FROM images WHERE rel_path = ?').pluck().get(f) as string
    )
    local.close()
    const owner = new Client({ connectionString: cluster.url(OWNER, OWNER_PASSWORD, db) })
    await owner.connect()
    try {
      const dog = await owner.query<{ id: string }>(
        "INSERT INTO labels (name, color) VALUES ('dog', '#321') RETURNING id"
      )
      const imgs = await owner.query<{ id: string }>(
        "INSERT INTO images (hash, folder, rel_path) SELECT unnest($1::text[]), 'some', unnest($2::text[]) RETURNING id",
        [hashes, LATER]
      )
      await owner.query(
        `INSERT INTO decisions (uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, at)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', 'lead', $1, 'corrected', $2, now())`,
        [imgs.rows[0].id, dog.rows[0].id]
      )
    } finally {
      await owner.end()
    }

    // the member copies the file that was missing at join: the refresh's scan finds it
    renameSync(join(cwd, ABSENT), join(cwd, 'photos', ABSENT))

    let r = await zebra(MEMBER_PASSWORD, 'team', 'sync', 'ann.zebra')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/pulled 0, 1 skipped \(.*`zebra team refresh ann\.zebra` takes them\)/)

    r = await zebra(MEMBER_PASSWORD, 'team', 'refresh', 'ann.zebra')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/labels: 1 added \(dog\); template sets: 0 added/)
    expect(r.stdout).toMatch(/images: 2 new found in your folders, 0 missing/)
    expect(r.stdout).toMatch(/decisions: 1 pulled\n/)
    expect(r.stdout + r.stderr).not.toContain(MEMBER_PASSWORD)

    const after = new Database(join(cwd, 'ann.zebra'), { readonly: true })
    try {
      const label = after
        .prepare(
          'SELECT l.name FROM images i JOIN decisions d ON d.id = i.cur_decision JOIN labels l ON l.id = d.label_id WHERE i.rel_path = ?'
        )
        .pluck()
        .get(LATER[0])
      expect(label).toBe('dog')
      // the missing row of the file copied since is that file now, still linked to its store image
      const found = after
        .prepare(
          'SELECT i.state, i.rel_path FROM images i JOIN team_images t ON t.image_id = i.id WHERE i.hash = (SELECT hash FROM images WHERE rel_path = ?)'
        )
        .all(ABSENT)
      expect(found).toEqual([{ state: 'ok', rel_path: ABSENT }])
    } finally {
      after.close()
    }
    r = await zebra(MEMBER_PASSWORD, 'team', 'sync', 'ann.zebra')
    expect(r.stdout).toMatch(/pulled 0\n/)
  })

  it('refuses a file that is no replica', async () => {
    const r = await zebra(MEMBER_PASSWORD, 'team', 'refresh', 'p.zebra')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/p\.zebra is not a team replica: make one with `zebra team join`/)
  })
})
