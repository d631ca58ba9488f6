// `zebra team settings URL [--overlap K] [--share X] [--lease-minutes M]`: the team queue's
// settings. Without options it prints them (any member may read them); with options the owner
// changes them, and a member is refused by name before anything is written. The owner's run also
// brings a store made by an older Zebra up to this one's schema, and says so.
import type { Command } from 'commander'
import { AppError } from '../../shared/errors'
import { PG_SCHEMA_VERSION } from '../db/pg/migrations'
import type { SettingsChange } from '../db/pg/settings'
import { teamSettings, type TeamSettingsRead } from '../services/core/team-admin'
import { out } from './io'

interface Options {
  overlap?: string
  share?: string
  leaseMinutes?: string
}

function number(flag: string, raw: string): number {
  const x = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(x))
    throw new AppError('invalid_input', `${flag} takes a number, not "${raw}".`)
  return x
}

function changeOf(o: Options): SettingsChange | null {
  const c: SettingsChange = {}
  if (o.overlap !== undefined) c.overlapK = number('--overlap', o.overlap)
  if (o.share !== undefined) c.overlapShare = number('--share', o.share)
  if (o.leaseMinutes !== undefined)
    c.leaseSeconds = Math.round(number('--lease-minutes', o.leaseMinutes) * 60)
  return Object.keys(c).length ? c : null
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`

function minutes(s: number): string {
  const m = Math.round((s / 60) * 10) / 10
  return `${m} minute${m === 1 ? '' : 's'}`
}

function text(s: TeamSettingsRead): string {
  const overlap =
    s.overlapK > 1
      ? `${pct(s.overlapShare)} of the images go to ${s.overlapK} annotators each (${s.overlapped} of ${s.images}); the rest to one`
      : `off (each of the ${s.images} images goes to one annotator)`
  return [
    `team project "${s.name}" at ${s.url} (owner: ${s.owner})`,
    `overlap: ${overlap}`,
    `lease time: ${minutes(s.leaseSeconds)} (a lease not renewed for this long goes back to the queue)`
  ].join('\n')
}

async function settings(url: string, o: Options): Promise<void> {
  const change = changeOf(o) // bad numbers are refused before connecting
  const now = await teamSettings(url, undefined, change)
  if (now.updatedFrom !== undefined)
    out(`updated the team store's schema from ${now.updatedFrom} to ${PG_SCHEMA_VERSION}`)
  out(text(now))
}

export function registerTeamSettings(team: Command): void {
  team
    .command('settings <url>')
    .description("the queue's settings: overlap and lease time (prints them; the owner changes them)")
    .option('--overlap <k>', 'annotators per overlapped image (1 turns overlap off)')
    .option('--share <x>', 'share of the images that overlap, 0 to 1 (0.1 = 10%)')
    .option('--lease-minutes <m>', 'how long a lease lasts without activity')
    .action(settings)
}
