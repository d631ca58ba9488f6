// A team replica opened through the real services behind the real bridge (HTTP on 127.0.0.1, the
// browser's transport), against a throwaway PostgreSQL cluster: opening it starts the background
// sync, whose team.status events reach the browser's event stream; team.status and team.syncNow
// answer over HTTP; a decision made through review.decide is recorded under the member's role and
// sent without being asked; closing the project ends the sync. Waits poll for outcomes, never for a time.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { request, type ClientRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { InvokeChannel, InvokeInput, InvokeOutput, TeamStatus } from '../../shared/contract'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { MEMBER_PASSWORD } from '../db/pg/testing/team-db'
import { createServices, type Services } from '../services'
import { memberReplica, sampleStore } from '../services/testing/team-replica'
import { createEventHub } from '../transport/events'
import { startBridge, type Bridge } from './server'

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((ok) => setTimeout(ok, 25))
  }
}

describeWithCluster('a team replica behind the bridge', () => {
  let cluster: Cluster
  let dir: string
  let owner: Client
  let services: Services
  let bridge: Bridge
  let stream: ClientRequest | undefined
  let replica: string
  const statuses: TeamStatus[] = []
  const savedPassword = process.env.PGPASSWORD

  async function invoke<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
    const res = await fetch(`http://127.0.0.1:${bridge.port}/api/invoke/${ch}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zebra-token': bridge.token },
      body: JSON.stringify(input)
    })
    const env = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } }
    if (!env.ok) throw new Error(env.error!.message)
    return env.value as InvokeOutput<K>
  }

  beforeAll(async () => {
    process.env.PGPASSWORD = MEMBER_PASSWORD
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-bridge-'))
    let db: string
    ;({ db, owner } = await sampleStore(cluster, dir, ['ann']))
    const p = await memberReplica(cluster, db, dir, 'ann')
    replica = p.path
    p.close()
    mkdirSync(join(dir, 'home'))
    const events = createEventHub()
    services = createServices({
      emit: (ch, payload) => events.emit(ch, payload),
      dataDir: join(dir, 'home'),
      transport: 'browser',
      testMode: true
    })
    bridge = await startBridge({
      handlers: services.handlers,
      events,
      staticDir: null,
      resolveImage: (id, thumb) => services.resolveImage(id, thumb)
    })
    // the browser's event stream: every team.status event it carries is kept
    await new Promise<void>((ok) => {
      stream = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: `/api/events?token=${encodeURIComponent(bridge.token)}`
        },
        (res) => {
          let text = ''
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8')
            if (text.includes(': connected')) ok()
            const blocks = text.split('\n\n')
            text = blocks.pop()!
            for (const b of blocks) {
              const m = /^event: team\.status\ndata: (.*)$/m.exec(b)
              if (m) statuses.push(JSON.parse(m[1]) as TeamStatus)
            }
          })
        }
      )
      stream.on('error', () => undefined)
      stream.end()
    })
  })
  afterAll(async () => {
    stream?.destroy()
    await bridge?.close()
    await services?.dispose()
    await owner?.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
    if (savedPassword === undefined) delete process.env.PGPASSWORD
    else process.env.PGPASSWORD = savedPassword
  })

  it('syncs in the background once opened, and says so on the event stream', async () => {
    expect(await invoke('team.status', {})).toBeNull() // no project open yet
    // the app's annotator is someone else: in the replica one decides as one's role all the same
    await invoke('app.setAnnotator', { annotator: 'Ann Smith' })
    await invoke('project.open', { path: replica })
    const online = await until('an online team.status event with leases', () =>
      statuses.find((s) => s.online && s.leased > 0)
    )
    expect(online).toMatchObject({ annotator: 'ann', waiting: 0 })
    expect(await invoke('team.status', {})).toMatchObject({ online: true, annotator: 'ann' })

    const w = await invoke('review.window', { order: 'file', status: 'unreviewed', ahead: 0 })
    expect(w.item).not.toBeNull()
    await invoke('review.decide', { imageId: w.item!.image.id, kind: 'corrected', labelId: 1 })
    const sent = await until('the decision sent without being asked', () =>
      statuses.find((s) => s.online && s.waiting === 0 && s.counts.some((c) => c.annotator === 'ann'))
    )
    expect(sent.counts).toEqual([{ annotator: 'ann', decided: 1 }])
    const stored = await owner.query("SELECT count(*)::int AS n FROM decisions WHERE annotator = 'ann'")
    expect(stored.rows[0].n).toBe(1)

    const now = await invoke('team.syncNow', {})
    expect(now).toMatchObject({ online: true, waiting: 0 })
    expect(Date.parse(now!.lastSyncAt!)).toBeGreaterThanOrEqual(Date.parse(sent.lastSyncAt!))

    await invoke('project.close', {})
    expect(await invoke('team.status', {})).toBeNull()
  }, 120_000)

  it('serves the team setup channels of the contract, validated as every channel is', async () => {
    expect(await invoke('team.passwordStorage', {})).toEqual({
      persistent: false,
      note: 'Kept for this session only (until Zebra stops).'
    })
    await expect(
      invoke('team.join', { url: 'postgres://127.0.0.1/x', annotator: 'ann', images: [] })
    ).rejects.toThrow('Invalid request for team.join (images: add at least one image folder)')
  })
})
