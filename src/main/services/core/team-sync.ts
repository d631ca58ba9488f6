// A team replica's background sync. The review loop never waits on the network: decisions are
// written to the local file first, as in any project, and this loop sends them to the store in
// order (every round, and shortly after each local decision), pulls the others' decisions, keeps
// the member's leases renewed and asks for a new batch when few leased images are left undecided.
// Any failure (server down, cable out, wrong password) only turns the status offline: the loop
// keeps retrying with backoff, and nothing is lost because push and pull are idempotent by uid.
import type { Client } from 'pg'
import type { TeamStatus } from '../../../shared/contract'
import { toAppError } from '../../../shared/errors'
import { connectTeam, redactUrl } from '../../db/pg/connect'
import { leaseBatch } from '../../db/pg/leases'
import { recordMemberRole, replicaMemberRole, serverMemberRole } from '../../db/pg/member-role'
import {
  decidingRowsAfter,
  hasLeaseTable,
  lastDecisionId,
  leaseSeconds,
  leasedUndecided,
  recordLeases,
  replicaConfig,
  serverLeases,
  waitingCount
} from '../../db/pg/replica-state'
import { pullDecisions, pushDecisions } from '../../db/pg/sync'
import type { Project } from '../../db/project'
import { log } from '../../log'
import type { Emit } from './context'

export interface TeamSyncOptions {
  /** between rounds while all is well */
  intervalMs?: number
  /** from a local decision to the round that sends it (more decisions meanwhile go with it) */
  debounceMs?: number
  /** the longest wait between tries while the store cannot be reached */
  maxBackoffMs?: number
  /** images asked for at a time, when fewer than `low` leased ones are left undecided */
  batch?: number
  low?: number
  /** connecting and each query give up after this long (the store is then offline) */
  timeoutMs?: number
  /** how to connect (default: connectTeam; without a password, PGPASSWORD or ~/.pgpass) */
  connect?: (url: string, password?: string) => Promise<Client>
  /** the member's password, when the app keeps one (secret-store.ts) */
  password?: (url: string) => Promise<string | undefined>
}

export class TeamSync {
  private client: Client | null = null
  private timer: NodeJS.Timeout | null = null
  private dueAt = Infinity
  private running: Promise<void> | null = null
  private stopped = false
  private failures = 0
  private online = false
  private lastSyncAt: string | null = null
  private error: string | undefined
  private lastLeaseAt = 0
  private leaseMs = 900_000
  private lastEmitted = ''
  /**
   * Every row of the log up to this id is known to the store (or is not the member's to send):
   * a round reads only the rows after it, so it costs the same on a log of any length.
   */
  private sent = 0
  /** images decided per annotator, read from the log incrementally (rows up to countedTo) */
  private decided = new Map<string, Set<number>>()
  private countedTo = 0
  /** the member's role: the name the replica's decisions are sent under */
  readonly annotator: string
  private readonly o: Required<Omit<TeamSyncOptions, 'connect' | 'password'>>
  private readonly connect: (url: string, password?: string) => Promise<Client>
  private readonly password: (url: string) => Promise<string | undefined>

  constructor(
    private readonly project: Project,
    private readonly emit: Emit,
    opts: TeamSyncOptions = {}
  ) {
    this.o = {
      intervalMs: opts.intervalMs ?? 1500,
      debounceMs: opts.debounceMs ?? 150,
      maxBackoffMs: opts.maxBackoffMs ?? 30_000,
      batch: opts.batch ?? 25,
      low: opts.low ?? 5,
      timeoutMs: opts.timeoutMs ?? 20_000
    }
    this.connect = opts.connect ?? ((url, pw) => connectTeam(url, this.o.timeoutMs, pw))
    this.password = opts.password ?? (async () => undefined)
    this.annotator = replicaConfig(project.db)!.annotator
  }

  /** A sync for `project` when it is a writable team replica, started; null otherwise. */
  static startFor(project: Project, emit: Emit, opts?: TeamSyncOptions): TeamSync | null {
    // a replica opened read-only cannot note what it sent or pulled: it is reviewed as a file
    if (project.readOnly || !replicaConfig(project.db)) return null
    const s = new TeamSync(project, emit, opts)
    s.schedule(0)
    return s
  }

  /** After a local decision: a round soon, unless one is due sooner anyway. */
  poke(): void {
    if (!this.stopped && Date.now() + this.o.debounceMs < this.dueAt) this.schedule(this.o.debounceMs)
  }

  /** Runs a round now (after the one under way, if any) and answers the status after it. */
  async syncNow(): Promise<TeamStatus> {
    if (this.running) await this.running
    await this.round()
    return this.status()
  }

  /** Drops the connection (a password changed) and runs a round on a new one; the status after. */
  async reconnect(): Promise<TeamStatus> {
    if (this.running) await this.running
    const c = this.client
    this.client = null
    await c?.end().catch(() => undefined)
    return this.syncNow()
  }

  /** The status as the last round left it, with the counts read from the local file now. */
  status(): TeamStatus {
    const db = this.project.db
    const link = replicaConfig(db)!
    return {
      annotator: link.annotator,
      url: link.url,
      role: replicaMemberRole(db),
      online: this.online,
      waiting: waitingCount(db, link.annotator, this.sent),
      lastSyncAt: this.lastSyncAt,
      ...(this.error ? { error: this.error } : {}),
      leased: leasedUndecided(db),
      counts: this.decidedCounts()
    }
  }

  /**
   * Images decided per annotator (a skip or a revert alone does not count): the log is
   * append-only, so only the rows written since the last call are read.
   */
  private decidedCounts(): TeamStatus['counts'] {
    for (const r of decidingRowsAfter(this.project.db, this.countedTo)) {
      const set = this.decided.get(r.annotator) ?? new Set<number>()
      set.add(r.imageId)
      this.decided.set(r.annotator, set)
      this.countedTo = r.id
    }
    return [...this.decided]
      .map(([annotator, images]) => ({ annotator, decided: images.size }))
      .sort((a, b) => b.decided - a.decided || (a.annotator < b.annotator ? -1 : 1))
  }

  /** Stops the loop and waits for a round under way (the project may be closed after this). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // ending the connection fails a query that waits on a silent server, so the round ends now
    const c = this.client
    this.client = null
    const ending = c?.end().catch(() => undefined)
    await this.running
    await ending
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.dueAt = Date.now() + ms
    this.timer = setTimeout(() => {
      this.timer = null
      this.dueAt = Infinity
      void this.round()
    }, ms)
    this.timer.unref?.()
  }

  private round(): Promise<void> {
    if (this.stopped) return Promise.resolve()
    if (this.running) return this.running
    this.running = this.work().finally(() => {
      this.running = null
      if (this.timer === null) this.schedule(this.delay())
    })
    return this.running
  }

  private delay(): number {
    if (this.failures === 0) return this.o.intervalMs
    return Math.min(this.o.maxBackoffMs, this.o.intervalMs * 2 ** Math.min(this.failures, 8))
  }

  private async work(): Promise<void> {
    const db = this.project.db
    const link = replicaConfig(db)
    if (!link) return
    let changed = false
    try {
      if (!this.client) {
        this.client = await this.connect(link.url, await this.password(link.url))
        this.leaseMs = (await leaseSeconds(this.client)) * 1000
        // an owner may have moved the member between groups since the last connection
        const role = await serverMemberRole(this.client)
        if (role && !this.stopped) changed = recordMemberRole(db, role)
      }
      const client = this.client
      const top = lastDecisionId(db)
      await pushDecisions(client, db, this.sent)
      this.sent = top
      if (this.stopped) return
      const pull = await pullDecisions(client, db)
      if (this.stopped) return
      changed = pull.pulled > 0 || changed
      changed = (await this.leases(client, link.annotator)) || changed
      this.failures = 0
      this.online = true
      this.error = undefined
      this.lastSyncAt = new Date().toISOString()
    } catch (err) {
      if (this.stopped) return
      this.failures++
      this.online = false
      this.error = redactUrl(toAppError(err).message)
      if (this.failures === 1) log('warn', `team sync offline: ${this.error}`)
      const c = this.client
      this.client = null
      void c?.end().catch(() => undefined)
    }
    if (this.stopped) return
    if (changed) this.emit('project.changed', { reason: 'team' })
    this.publish()
  }

  /**
   * Renews the member's leases (any lease call renews them all) and asks for a batch when few are
   * left undecided; then records the store's open leases locally. True when new images came in.
   */
  private async leases(client: Client, annotator: string): Promise<boolean> {
    const db = this.project.db
    const low = leasedUndecided(db) < this.o.low
    const renew = Date.now() - this.lastLeaseAt > this.leaseMs / 3
    if (low || renew || !hasLeaseTable(db)) {
      await leaseBatch(client, annotator, low ? this.o.batch : 1)
      this.lastLeaseAt = Date.now()
    }
    const held = await serverLeases(client, annotator)
    if (this.stopped) return false
    return recordLeases(db, held) > 0
  }

  /** Emits team.status when anything in it changed (lastSyncAt included: the pill shows its age). */
  private publish(): void {
    const s = this.status()
    const key = JSON.stringify(s)
    if (key === this.lastEmitted) return
    this.lastEmitted = key
    this.emit('team.status', s)
  }
}
