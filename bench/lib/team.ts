// The team bench: a throwaway PostgreSQL server (the tests' harness), a synthetic project of N
// images published to it, and K annotator processes (team-member.ts), each in its own replica,
// deciding as fast as they can through the review service while syncing every `syncMs`. Reports
// decisions per second through the server, local decide + next (a key press: the decision and
// the next 5 items) p50/p99, lease hand-out p50/p99 and sync lag p50/p99 (a decision's local write
// in one replica to its arrival in another). `latencyMs` routes everyone through a proxy that adds
// that much each way. The team's key press is compared with the same key presses on plain copies
// of the replicas (their team tables dropped, no server): one process beside the team, deciding at
// the same moments under the same load (the ratio), and, before the team phase, as many processes
// as annotators on their own (is it only that many processes sharing the cores?).
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCluster } from '../../src/main/db/pg/testing/cluster'
import { startLatencyProxy, type LatencyProxy } from '../../src/main/db/pg/testing/latency-proxy'
import { MEMBER_PASSWORD } from '../../src/main/db/pg/testing/team-db'
import { makeTeam } from '../../src/main/db/pg/testing/team-fixture'
import { Project } from '../../src/main/db/project'
import type { MemberConfig, MemberTimes } from './team-member'

export interface TeamBenchOptions {
  images: number
  annotators: number
  /** decisions per annotator */
  decisions: number
  batch: number
  syncMs: number
  latencyMs: number
  /** a folder for each member process's --cpu-prof profile (none when unset) */
  cpuProfDir?: string
}

export interface TeamResult extends TeamBenchOptions {
  setup_s: number
  total_decisions: number
  /** decisions acknowledged by the store per second, from "go" to the last acknowledgement */
  decisions_per_s: number
  decide_next_ms: { p50: number; p99: number; samples: number }
  /** the team's key presses during which the event loop turned (waited on I/O): expected 0 */
  decide_next_waited: number
  /** the same key presses on a plain copy of a replica, one process beside the team, at the same moments */
  beside_decide_next_ms: { p50: number; p99: number; samples: number }
  /** decide + next p50 of the team / of the plain project beside it */
  decide_next_ratio: number
  /** the same key presses on plain copies of the replicas, as many processes, no server, before */
  plain_decide_next_ms: { p50: number; p99: number; samples: number }
  lease_ms: { p50: number; p99: number; samples: number }
  sync_lag_ms: { p50: number; p99: number; samples: number }
}

const MEMBER = join(__dirname, 'team-member.ts')

function quantiles(xs: number[]): { p50: number; p99: number; samples: number } {
  const s = [...xs].sort((a, b) => a - b)
  const q = (f: number): number => s[Math.min(s.length - 1, Math.floor(s.length * f))] ?? NaN
  return { p50: q(0.5), p99: q(0.99), samples: s.length }
}

/**
 * Starts the members (and `beside`, a plain member deciding until told to stop), sends "go" once
 * all are ready, stops `beside` when the members are done, resolves when all exit 0.
 */
function runMembers(configs: MemberConfig[], cpuProfDir?: string, beside?: MemberConfig): Promise<void> {
  const tsx = require.resolve('tsx/cjs')
  const env = { ...process.env, PGPASSWORD: MEMBER_PASSWORD }
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []
  const all = beside ? [...configs, beside] : configs
  let ready = 0
  const children = all.map((c) =>
    spawn(process.execPath, [...prof, '-r', tsx, MEMBER, JSON.stringify(c)], { env })
  )
  return new Promise((ok, fail) => {
    let members = configs.length
    let left = children.length
    for (const [i, child] of children.entries()) {
      let err = ''
      child.stderr.on('data', (b: Buffer) => (err += b.toString()))
      child.stdout.on('data', (b: Buffer) => {
        if (!b.toString().includes('ready')) return
        if (++ready === children.length) for (const c of children) c.stdin.write('go\n')
      })
      child.on('exit', (code) => {
        if (code !== 0) {
          for (const c of children) c.kill('SIGKILL')
          fail(new Error(`team member ${all[i]!.name} exited ${code}: ${err.trim()}`))
          return
        }
        if (i < configs.length && --members === 0 && beside) children[configs.length]!.stdin.write('stop\n')
        if (--left === 0) ok()
      })
    }
  })
}

const read = (file: string): MemberTimes => JSON.parse(readFileSync(file, 'utf8')) as MemberTimes

/** A copy of a replica with its team tables dropped: a plain project of the same images and labels. */
function plainCopy(replica: string, suffix = 'plain'): string {
  const file = replica.replace(/\.zebra$/, `-${suffix}.zebra`)
  copyFileSync(replica, file)
  const p = Project.open(file)
  try {
    for (const t of ['team_link', 'team_labels', 'team_images', 'team_known']) p.db.exec(`DROP TABLE ${t}`)
  } finally {
    p.close()
  }
  return file
}

export async function measureTeam(o: TeamBenchOptions, say: (s: string) => void): Promise<TeamResult> {
  const t0 = performance.now()
  const cluster = await startCluster()
  const dir = mkdtempSync(join(tmpdir(), 'zebra-bench-team-'))
  let proxy: LatencyProxy | null = null
  try {
    const names = Array.from({ length: o.annotators }, (_, i) => `bench${i + 1}`)
    const team = await makeTeam(cluster, dir, o.images, names)
    await team.owner.end()
    const port =
      o.latencyMs > 0 ? (proxy = await startLatencyProxy(cluster.port, o.latencyMs)).port : cluster.port
    const setup_s = (performance.now() - t0) / 1000
    say(`team: ${o.images} images published, ${o.annotators} replicas made (${setup_s.toFixed(1)} s)`)
    const configs: MemberConfig[] = names.map((name) => ({
      mode: 'team',
      name,
      file: team.replicas.get(name)!,
      url: `postgres://${name}@127.0.0.1:${port}/${team.db}`,
      decisions: o.decisions,
      expect: o.decisions * o.annotators,
      batch: o.batch,
      syncMs: o.syncMs,
      out: join(dir, `${name}.json`)
    }))
    const plain = configs.map((c) => ({
      ...c,
      mode: 'plain' as const,
      file: plainCopy(c.file),
      out: join(dir, `${c.name}-plain.json`)
    }))
    await runMembers(plain, o.cpuProfDir)
    const plainTimes = quantiles(plain.flatMap((c) => read(c.out).decideNext))
    // a fresh plain copy: the one above has its first decisions
    const beside: MemberConfig = {
      ...plain[0]!,
      name: 'beside',
      file: plainCopy(configs[0]!.file, 'beside'),
      untilStop: true,
      out: join(dir, 'beside.json')
    }
    await runMembers(configs, o.cpuProfDir, beside)
    const besideTimes = quantiles(read(beside.out).decideNext)
    const all = configs.map((c) => read(c.out))
    const go = Math.min(...all.map((t) => t.go))
    const end = Math.max(...all.map((t) => t.lastAck))
    const total = o.decisions * o.annotators
    const decideNext = quantiles(all.flatMap((t) => t.decideNext))
    return {
      ...o,
      setup_s,
      total_decisions: total,
      decisions_per_s: total / ((end - go) / 1000),
      decide_next_ms: decideNext,
      decide_next_waited: all.reduce((n, t) => n + t.waited, 0),
      beside_decide_next_ms: besideTimes,
      decide_next_ratio: decideNext.p50 / besideTimes.p50,
      plain_decide_next_ms: plainTimes,
      lease_ms: quantiles(all.flatMap((t) => t.lease)),
      sync_lag_ms: quantiles(all.flatMap((t) => t.lag))
    }
  } finally {
    await proxy?.close()
    await cluster.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function describeTeam(r: TeamResult): string {
  const f = (q: { p50: number; p99: number; samples: number }): string =>
    q.samples === 0 ? 'none' : `p50 ${q.p50.toFixed(1)} ms, p99 ${q.p99.toFixed(1)} ms (${q.samples})`
  const sync = r.syncMs > 0 ? `sync every ${r.syncMs} ms` : 'no sync until done'
  return [
    `team: ${r.annotators} annotators on ${r.images} images, ${r.decisions} decisions each, leases of ${r.batch}, ${sync}${r.latencyMs ? `, ${r.latencyMs} ms added each way` : ''}:`,
    `  ${r.decisions_per_s.toFixed(0)} decisions/s through the server (${r.total_decisions} in all)`,
    `  local decide + next 5 (a key press): ${f(r.decide_next_ms)}; ${r.decide_next_waited} waited on I/O`,
    `  the same on a plain project beside them (1 process, same moments): ${f(r.beside_decide_next_ms)}`,
    `  team / plain beside, p50: ${r.decide_next_ratio.toFixed(2)}`,
    `  the same on plain copies before, alone (${r.annotators} processes, no server): ${f(r.plain_decide_next_ms)}`,
    `  lease hand-out: ${f(r.lease_ms)}`,
    `  sync lag (written in one replica → in another): ${f(r.sync_lag_ms)}`
  ].join('\n')
}
