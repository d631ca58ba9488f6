// `zebra team status REPLICA`: whether the team store answers, how many of the member's decisions
// wait to be sent, the member's leases (left to decide here, open on the store) and how many
// images each annotator has decided in the local log. Reads only: sending is `zebra team sync`.
// The password comes from PGPASSWORD or ~/.pgpass; an unreachable store is a status (exit 0),
// a file that is not a replica an error.
import { Option, type Command } from 'commander'
import { AppError, toAppError } from '../../shared/errors'
import { connectTeam, redactUrl } from '../db/pg/connect'
import { replicaSummary, serverLeases, type ReplicaSummary } from '../db/pg/replica-state'
import { out, withProject } from './io'

interface StatusReport extends ReplicaSummary {
  replica: string
  online: boolean
  error?: string
  /** the member's open leases on the store (null while it cannot be reached) */
  storeLeases: number | null
}

async function probe(s: ReplicaSummary): Promise<Pick<StatusReport, 'online' | 'error' | 'storeLeases'>> {
  try {
    const client = await connectTeam(s.url)
    try {
      return { online: true, storeLeases: (await serverLeases(client, s.annotator)).length }
    } finally {
      await client.end().catch(() => undefined)
    }
  } catch (err) {
    return { online: false, error: redactUrl(toAppError(err).message), storeLeases: null }
  }
}

function text(r: StatusReport): string {
  const counts = r.counts.map((c) => `  ${c.annotator}: ${c.decided}`)
  return [
    `${r.replica}: ${r.annotator} on ${r.url}`,
    r.online ? 'store: online' : `store: offline (${r.error})`,
    `waiting to be sent: ${r.waiting}`,
    `leased, left to decide here: ${r.leased}${r.storeLeases === null ? '' : `; open on the store: ${r.storeLeases}`}`,
    'decided per annotator (local log):',
    ...(counts.length ? counts : ['  none yet'])
  ].join('\n')
}

export function registerTeamStatus(team: Command): void {
  team
    .command('status <replica>')
    .description('is the store online, decisions waiting, leases, counts per annotator')
    .addOption(new Option('--format <format>', 'text | json').choices(['text', 'json']).default('text'))
    .action((file: string, o: { format: 'text' | 'json' }) =>
      withProject(file, async (p) => {
        const s = replicaSummary(p.db)
        if (!s)
          throw new AppError(
            'invalid_input',
            `${p.path} is not a team replica: make one with \`zebra team join\`.`
          )
        const r: StatusReport = { replica: p.path, ...s, ...(await probe(s)) }
        out(o.format === 'json' ? r : text(r))
      })
    )
}
