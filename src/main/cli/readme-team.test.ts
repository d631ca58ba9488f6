// README's "Team projects" block, run literally line by line from a folder outside the checkout
// (photos/ = the sample images, `zebra` on PATH) against a throwaway PostgreSQL server where the
// role `lead` (CREATEROLE) owns the empty database `birds`.
import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { BIN, workDir, type CliRun } from './testing/harness'
import { readmeBlock } from './testing/readme-blocks'

const LEAD_PASSWORD = 'lead-readme-secret'
const ANN_PASSWORD = 'ann-readme-secret'

function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((ok) => {
    execFile('bash', ['-c', line], { cwd, env }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number | string }).code ?? 1) : 0
      ok({ code: typeof code === 'number' ? code : 1, stdout, stderr })
    })
  })
}

describeWithCluster('README team block', () => {
  const lines = readmeBlock('team')
  let cluster: Cluster
  let cwd: string
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    cluster = await startCluster()
    const su = new Client({ connectionString: cluster.url() })
    await su.connect()
    await su.query(`CREATE ROLE lead LOGIN CREATEROLE PASSWORD '${LEAD_PASSWORD}'`)
    await su.query('CREATE DATABASE birds OWNER lead')
    await su.end()
    cwd = workDir('zebra-readme-team-')
    const shim = join(cwd, '.bin')
    mkdirSync(shim)
    writeFileSync(join(shim, 'zebra'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
    chmodSync(join(shim, 'zebra'), 0o755)
    env = {
      ...process.env,
      PATH: `${shim}:${process.env.PATH ?? ''}`,
      HOME: cwd, // no ~/.pgpass of this machine answers
      ZEBRA_HOME: join(cwd, 'home'),
      ZEBRA_ANNOTATOR: 'ann',
      PGSERVER: `127.0.0.1:${cluster.port}`,
      LEAD_PASSWORD,
      ANN_PASSWORD
    }
    delete env.PGPASSWORD
    delete env.PGUSER
  })
  afterAll(async () => {
    await cluster?.stop()
    if (cwd) rmSync(cwd, { recursive: true, force: true })
  })

  it('has the block', () => {
    expect(lines.length).toBeGreaterThanOrEqual(5)
  })

  for (const line of lines) {
    it(line, async () => {
      const r = await sh(line, cwd, env)
      expect(r.code, `${line}\n${r.stdout}\n${r.stderr}`).toBe(0)
      expect(r.stdout.trim(), line).not.toBe('')
      expect(r.stdout + r.stderr).not.toContain(ANN_PASSWORD)
      expect(r.stdout + r.stderr).not.toContain(LEAD_PASSWORD)
    })
  }
})
