// A team project end to end: a real PostgreSQL server (the tests' throwaway cluster), a project
// published with the CLI, two annotators and a reviewer, each with their own replica, their own
// `zebra serve` (their own PGPASSWORD) and their own browser session. About half the images go to both
// annotators (overlap 2); each annotator decides their leased queue with the keyboard, each sees
// the other's counts in the team pill after the background sync, they disagree on every image they
// share, and the reviewer opens Disagreements, sees both labels and settles one. The adjudicated
// decision must reach the store and both annotators' replicas, where it is the current label and
// what the export resolves to.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { Client } from 'pg'
import { runZebra, workDir, type CliRun } from '../src/main/cli/testing/harness'
import { setOverlap } from '../src/main/db/pg/leases'
import { clusterSupport, startCluster, type Cluster } from '../src/main/db/pg/testing/cluster'
import { createTeamDb, OWNER, OWNER_PASSWORD } from '../src/main/db/pg/testing/team-db'
import { currentDecisions, readCsv, shot } from './helpers'
import { launchChromium, launchZebra, type Zebra } from './launch'
import { decideQueue, pillTitle } from './team-steps'

const LABELS = 'cat,coffee,rocket,motorcycle,astronaut,gradient'
const MEMBERS = {
  alice: { password: 'alice-secret', reviewer: false },
  bob: { password: 'bob-secret', reviewer: false },
  rita: { password: 'rita-secret', reviewer: true }
} as const
type Member = keyof typeof MEMBERS

const support = clusterSupport()
let cluster: Cluster | undefined
let work = ''
let db = ''
let base: NodeJS.ProcessEnv = {}
let browser: Browser | undefined
const sessions: Partial<Record<Member, Zebra>> = {}

/** The store's URL for `user`, without a password (the CLI and the app read PGPASSWORD). */
const storeUrl = (user?: string): string =>
  `postgres://${user ? `${user}@` : ''}127.0.0.1:${cluster!.port}/${db}`
const replica = (m: Member): string => join(work, `${m}.zebra`)

async function zebra(password: string, ...args: string[]): Promise<CliRun> {
  const r = await runZebra(args, { cwd: work, env: { ...base, PGPASSWORD: password } })
  expect(r.code, `zebra ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`).toBe(0)
  return r
}

/** The store, as its owner. */
async function store<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: cluster!.url(OWNER, OWNER_PASSWORD, db) })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

test.beforeAll(async () => {
  test.skip(!support.ok, support.ok ? '' : support.why)
  test.setTimeout(240_000)
  cluster = await startCluster()
  db = await createTeamDb(cluster)
  work = workDir('zebra-e2e-team-') // photos/: the sample images
  // HOME here: no ~/.pgpass of this machine's user may answer for anyone
  base = { ...process.env, HOME: work, ZEBRA_HOME: join(work, 'cli-home'), ZEBRA_EP: 'cpu' }
  delete base.PGPASSWORD
  delete base.PGUSER

  await zebra('', 'init', 'p.zebra', '--images', 'photos', '--labels', LABELS, '--scan')
  await zebra(OWNER_PASSWORD, 'team', 'init', storeUrl(OWNER), '--from', 'p.zebra')
  for (const [name, m] of Object.entries(MEMBERS)) {
    const r = await runZebra(['team', 'add', storeUrl(OWNER), name, ...(m.reviewer ? ['--reviewer'] : [])], {
      cwd: work,
      env: { ...base, PGPASSWORD: OWNER_PASSWORD, ZEBRA_MEMBER_PASSWORD: m.password }
    })
    expect(r.code, r.stderr).toBe(0)
  }
  // half the images (by a stable hash of their id) go to two annotators, the rest to one; no
  // command sets this yet, so the owner calls the store's own function
  await store((c) => setOverlap(c, 2, 0.5))
  // each member joins with their own copy of the images and pre-labels it with the demo model
  // (a replica does not take the store's predictions yet)
  await Promise.all(
    (Object.keys(MEMBERS) as Member[]).map(async (m) => {
      await zebra(
        MEMBERS[m].password,
        'team',
        'join',
        storeUrl(),
        '--annotator',
        m,
        '--images',
        'photos',
        '--to',
        replica(m)
      )
      await zebra('', 'prelabel', replica(m), '--model', 'demo')
    })
  )
  browser = await launchChromium()
})

test.afterAll(async () => {
  // each step on its own: a failed close must not leave the cluster or a server running
  const errors: unknown[] = []
  for (const z of Object.values(sessions)) await z.close().catch((e: unknown) => errors.push(e))
  await browser?.close().catch((e: unknown) => errors.push(e))
  await cluster?.stop().catch((e: unknown) => errors.push(e))
  if (work) rmSync(work, { recursive: true, force: true })
  if (errors.length) throw errors[0]
})

/** A member's own `zebra serve` (their PGPASSWORD, a HOME of their own) with their replica open. */
async function open(m: Member): Promise<Page> {
  const home = join(work, `${m}-home`)
  mkdirSync(home)
  const z = await launchZebra({
    browser,
    env: { HOME: home, PGPASSWORD: MEMBERS[m].password, ZEBRA_EP: 'cpu' }
  })
  sessions[m] = z
  await z.invoke('project.open', { path: replica(m) })
  await z.page.goto(z.url)
  await expect(z.page.getByTestId('team-status')).toHaveText(/^team: online/, { timeout: 30_000 })
  return z.page
}

test('two annotators and a reviewer on one team project', async () => {
  test.setTimeout(240_000)
  const overlapped = await store(async (c) =>
    (await c.query<{ p: string }>('SELECT rel_path AS p FROM images WHERE copies = 2 ORDER BY 1')).rows.map(
      (r) => r.p
    )
  )
  const total = await store(async (c) =>
    Number((await c.query('SELECT count(*) AS n FROM images')).rows[0].n)
  )
  expect(overlapped.length).toBeGreaterThan(0)
  expect(overlapped.length).toBeLessThan(total)

  // alice opens first and leases every image (one copy each); she accepts each top-1 with key 1
  const alice = await open('alice')
  await expect(alice.getByTestId('team-status')).toHaveAttribute(
    'title',
    new RegExp(`${total} leased images left to decide`)
  )
  await alice.getByRole('button', { name: 'Review screen' }).click()
  await shot(alice, 'team-01-alice-review')
  const aliceSaid = await decideQueue(alice, 1)
  expect([...aliceSaid.keys()].sort()).toEqual(
    (await store(async (c) => (await c.query<{ p: string }>('SELECT rel_path AS p FROM images')).rows))
      .map((r) => r.p)
      .sort()
  )

  // bob holds the second copy of each overlapped image, and nothing else; he takes each second
  // suggestion (key 2): a different label from alice's on every image they share
  const bob = await open('bob')
  await expect(bob.getByTestId('team-status')).toHaveAttribute(
    'title',
    new RegExp(`${overlapped.length} leased images? left to decide`)
  )
  await bob.getByRole('button', { name: 'Review screen' }).click()
  await shot(bob, 'team-02-bob-review')
  const bobSaid = await decideQueue(bob, 2)
  expect([...bobSaid.keys()].sort()).toEqual(overlapped)
  for (const [rel, label] of bobSaid) expect(label, rel).not.toBe(aliceSaid.get(rel))

  // the store leased each overlapped image to both, every other image to alice only
  const leases = await store(
    async (c) =>
      (
        await c.query<{ p: string; who: string }>(
          `SELECT i.rel_path AS p, string_agg(l.annotator, ',' ORDER BY l.annotator) AS who
           FROM leases l JOIN images i ON i.id = l.image_id GROUP BY i.rel_path ORDER BY 1`
        )
      ).rows
  )
  for (const l of leases) expect(l.who, l.p).toBe(overlapped.includes(l.p) ? 'alice,bob' : 'alice')

  // each sees the other's counts once the background sync has brought them
  const counts = `Decided: alice: ${total}, bob: ${overlapped.length}.`
  for (const page of [alice, bob]) await expect.poll(() => pillTitle(page)).toContain(counts)
  await shot(alice, 'team-03-alice-sees-bob')
  await shot(bob, 'team-04-bob-sees-alice')

  // the reviewer: Disagreements lists every shared image, with both annotators' labels
  const rita = await open('rita')
  await expect.poll(() => pillTitle(rita)).toContain(counts)
  await rita.getByRole('button', { name: 'Review screen' }).click()
  await rita.getByRole('combobox', { name: 'Queue source' }).selectOption('disagreements')
  const file = rita.getByTestId('review-file')
  await expect(file).toBeVisible()
  await expect(rita.getByText(`1 of ${overlapped.length} in this queue`)).toBeVisible()
  const disputed = (await file.getAttribute('title'))!
  expect(overlapped).toContain(disputed)
  const said = rita.getByTestId('annotator-labels')
  await expect(said).toContainText(`alice: ${aliceSaid.get(disputed)}`)
  await expect(said).toContainText(`bob: ${bobSaid.get(disputed)}`)
  await shot(rita, 'team-05-rita-disagreement')

  // she settles it with bob's label, by keyboard: x opens the label search, Enter corrects
  const settled = bobSaid.get(disputed)!
  await rita.keyboard.press('x')
  await rita.getByRole('combobox', { name: 'Search labels' }).fill(settled)
  await expect(rita.getByRole('listbox', { name: 'Matching labels' }).getByRole('option').first()).toHaveText(
    new RegExp(settled)
  )
  await rita.keyboard.press('Enter')
  await expect(file).not.toHaveAttribute('title', disputed)
  // listed again, the settled image is gone from Disagreements
  const source = rita.getByRole('combobox', { name: 'Queue source' })
  await source.selectOption('queue')
  await source.selectOption('disagreements')
  await expect(rita.getByText(`1 of ${overlapped.length - 1} in this queue`)).toBeVisible()
  await expect(file).not.toHaveAttribute('title', disputed)

  // the store holds it, adjudicated, under the reviewer's name
  await expect
    .poll(() =>
      store(
        async (c) =>
          (
            await c.query(
              `SELECT d.annotator, d.kind, l.name AS label, i.rel_path AS p FROM decisions d
                 JOIN images i ON i.id = d.image_id JOIN labels l ON l.id = d.label_id WHERE d.adjudicated`
            )
          ).rows
      )
    )
    .toEqual([{ annotator: 'rita', kind: 'corrected', label: settled, p: disputed }])
  await expect(rita.getByTestId('team-status')).toHaveText(/^team: online · synced/)
  await expect(rita.getByTestId('team-status')).not.toHaveText(/to send/)
  await shot(rita, 'team-06-rita-settled')

  // both annotators' replicas pull it: it is the image's current label there, and each pill counts it
  for (const m of ['alice', 'bob'] as const) {
    await expect
      .poll(() => currentDecisions(replica(m)).find((r) => r.relPath === disputed))
      .toEqual({ relPath: disputed, kind: 'corrected', label: settled })
    await expect.poll(() => pillTitle(m === 'alice' ? alice : bob)).toContain('rita: 1')
  }
  await shot(alice, 'team-07-alice-after-adjudication')

  // the CLI agrees: nothing waits, everyone's counts; the export resolves to the adjudicated label
  const status = JSON.parse(
    (await zebra(MEMBERS.alice.password, 'team', 'status', replica('alice'), '--format', 'json')).stdout
  ) as { online: boolean; waiting: number; counts: { annotator: string; decided: number }[] }
  expect(status).toMatchObject({ online: true, waiting: 0 })
  expect(status.counts).toEqual([
    { annotator: 'alice', decided: total },
    { annotator: 'bob', decided: overlapped.length },
    { annotator: 'rita', decided: 1 }
  ])
  const out = join(work, 'export-alice')
  await zebra('', 'export', replica('alice'), '--format', 'csv', '--out', out)
  const rows = new Map(readCsv(join(out, 'labels.csv')).map((r) => [r.rel_path!, r]))
  expect(rows.get(disputed)).toMatchObject({ label: settled, resolution: 'adjudicated' })
  for (const rel of overlapped.filter((p) => p !== disputed))
    expect(rows.get(rel)?.resolution, rel).toBe('tie')
  for (const z of Object.values(sessions)) expect(z.output()).not.toMatch(/\[pageerror\]/)
})
