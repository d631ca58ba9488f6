// "Open team project" in the browser mode app against a real throwaway PostgreSQL cluster: the
// owner publishes a project and adds a member with the CLI (`zebra team init`, `zebra team add`);
// then, in the app started with no PGPASSWORD and no ~/.pgpass, the member types the server, their
// name and password and their own image folder (one image short), sees the missing image listed,
// goes on, and the team pill says online: the background sync used the password the app kept.
// Neither the password nor anything like it lands in the replica or the data folder.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { clusterSupport, startCluster, type Cluster } from '../src/main/db/pg/testing/cluster'
import { createTeamDb, OWNER, OWNER_PASSWORD } from '../src/main/db/pg/testing/team-db'
import { runZebra } from '../src/main/cli/testing/harness'
import { ROOT, launchZebra, type Zebra } from './launch'

const ANN_PASSWORD = 'ann-e2e-secret'
const support = clusterSupport()

let z: Zebra | undefined
let cluster: Cluster | undefined
let work = ''
test.afterEach(async () => {
  await z?.close()
  await cluster?.stop()
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Every file under `dir`, as bytes read as Latin-1 (any byte sequence is searchable). */
function filesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((file) => ({ file, text: readFileSync(file).toString('latin1') }))
}

test('a member opens a team project in the app and syncs with the password typed', async () => {
  test.skip(!support.ok, support.ok ? '' : support.why)
  cluster = await startCluster()
  const db = await createTeamDb(cluster)
  const url = (user = ''): string => `postgres://${user ? `${user}@` : ''}127.0.0.1:${cluster!.port}/${db}`
  work = mkdtempSync(join(tmpdir(), 'zebra-e2e-team-'))
  cpSync(join(ROOT, 'resources', 'sample-images'), join(work, 'photos'), { recursive: true })
  const env = { ...process.env, HOME: work, ZEBRA_HOME: join(work, 'cli-home'), ZEBRA_EP: 'cpu' }
  const cli = async (password: string, ...args: string[]): Promise<string> => {
    const r = await runZebra(args, {
      cwd: work,
      env: { ...env, PGPASSWORD: password, ZEBRA_MEMBER_PASSWORD: ANN_PASSWORD }
    })
    expect(r.code, r.stderr).toBe(0)
    return r.stdout
  }
  await cli('', 'init', 'birds.zebra', '--images', 'photos', '--labels', 'cat,rocket,coffee', '--scan')
  expect(await cli(OWNER_PASSWORD, 'team', 'init', url(OWNER), '--from', 'birds.zebra')).toContain(
    'published "birds"'
  )
  await cli(OWNER_PASSWORD, 'team', 'add', url(OWNER), 'ann')

  // the member's own copy of the images, one short
  cpSync(join(work, 'photos'), join(work, 'mine'), { recursive: true })
  unlinkSync(join(work, 'mine', 'photo_rocket.jpg'))

  // only what is typed into the app may answer for the member
  delete process.env.PGPASSWORD
  process.env.PGPASSFILE = join(work, 'no-pgpass')
  mkdirSync(join(work, 'home'))
  z = await launchZebra({ home: join(work, 'home') })
  const { page } = z
  await page.goto(z.url)
  await page.getByRole('button', { name: 'Open team project…' }).click()
  const dialog = page.getByTestId('open-team-dialog')
  await dialog.getByLabel('Connection string').fill(url())
  await dialog.getByLabel('Member name').fill('ann')
  await dialog.getByLabel('Your password').fill(ANN_PASSWORD)
  await expect(dialog.getByTestId('password-note')).toContainText('Kept for this session only')
  await dialog.getByLabel('Image folder path').fill(join(work, 'mine'))
  await dialog.getByLabel('Image folder path').press('Enter')
  const replica = join(work, 'ann.zebra')
  await dialog.getByLabel('Replica file').fill(replica)
  await dialog.getByRole('button', { name: 'Join and open' }).click()

  await expect(dialog.getByTestId('join-result')).toContainText(
    'Joined “birds” as ann (annotator): 12 images found in your folders, 1 missing'
  )
  await expect(dialog.getByRole('list', { name: 'Missing images' })).toHaveText('photos/photo_rocket.jpg')
  await dialog.getByRole('button', { name: 'Start working' }).click()
  await expect(page.getByTestId('team-status')).toHaveText(/^team: online · /, { timeout: 30_000 })
  await expect(page.getByTestId('team-status')).toHaveAttribute('title', /You are ann \(an annotator\)/)

  await z.close()
  z = undefined
  expect(existsSync(replica)).toBe(true)
  expect(existsSync(join(work, 'home'))).toBe(true) // the app's data folder: settings, log
  for (const { file, text } of filesUnder(work)) {
    expect(text.includes(ANN_PASSWORD), `the password in ${file}`).toBe(false)
  }
})
