// A tiny logger shared by both transports. Unexpected errors are written with their stack to
// stderr and, when a data folder is known, appended to <dataDir>/logs/zebra.log so a user can
// attach it to a bug report. No Electron import: the bridge and the CLI use it too.
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

export type LogLevel = 'info' | 'warn' | 'error'

let logFile: string | null = null

/** Sends later log lines to <dir>/logs/zebra.log as well as stderr. */
export function setLogDir(dir: string | null): void {
  if (dir === null) {
    logFile = null
    return
  }
  try {
    mkdirSync(join(dir, 'logs'), { recursive: true })
    logFile = join(dir, 'logs', 'zebra.log')
  } catch {
    // A read-only data folder must not stop the app: keep logging to stderr only.
    logFile = null
  }
}

function describe(v: unknown): string {
  if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`
  if (typeof v === 'string') return v
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

export function log(level: LogLevel, message: string, ...extra: unknown[]): void {
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${
    extra.length ? ' ' + extra.map(describe).join(' ') : ''
  }`
  if (level === 'info') {
    if (process.env.ZEBRA_LOG_QUIET !== '1') console.log(line)
  } else {
    console.error(line)
  }
  if (logFile) {
    try {
      appendFileSync(logFile, line + '\n')
    } catch {
      logFile = null
    }
  }
}
