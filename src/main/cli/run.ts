// Shared CLI plumbing: exit codes 0 (ok), 1 (failure), 2 (usage), and AppError messages on stderr
// (in the interface language: src/main/i18n.ts).
// A command's usage error is an AppError('invalid_input') like the services' own: exit code 2.
import { Command, CommanderError } from 'commander'
import { AppError, toAppError } from '../../shared/errors'
import { errorText } from '../../shared/i18n/error-text'
import { i18n } from '../i18n'
import { refuseRepeats } from './options'

const EXIT_OK = 0
export const EXIT_FAILURE = 1
const EXIT_USAGE = 2
/** stopped by Ctrl+C (128 + SIGINT), after finishing and keeping the current batch */
export const EXIT_CANCELLED = 130

/** Commander copies these settings only to subcommands created after them: set them on every one. */
function applyToAll(cmd: Command): void {
  refuseRepeats(cmd)
  cmd.exitOverride()
  cmd.configureOutput({ writeErr: (s) => process.stderr.write(s) })
  for (const sub of cmd.commands) applyToAll(sub)
}

/**
 * The event loop emptied while a command was still awaiting work (e.g. a worker that died without
 * answering): that is a failure, never a silent exit 0.
 */
function failIfAbandoned(settled: () => boolean): void {
  process.once('beforeExit', () => {
    if (settled()) return
    process.stderr.write(`${i18n.t('cli:abandoned')}\n`)
    process.exitCode = EXIT_FAILURE
  })
}

export async function runCli(program: Command, argv: string[]): Promise<void> {
  applyToAll(program)
  let done = false
  failIfAbandoned(() => done)
  try {
    await program.parseAsync(argv)
    process.exitCode = process.exitCode ?? EXIT_OK
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with a CommanderError whose exit code is 0.
      process.exitCode = err.exitCode === 0 ? EXIT_OK : EXIT_USAGE
      return
    }
    const appErr = toAppError(err)
    // a foreign error's stack helps a bug report; our own AppError's message already says it all
    if (appErr.code === 'internal' && !(err instanceof AppError))
      process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`)
    process.stderr.write(`zebra: ${errorText(i18n, appErr, 'cli')}\n`)
    process.exitCode = appErr.code === 'invalid_input' ? EXIT_USAGE : EXIT_FAILURE
  } finally {
    done = true
  }
}

/**
 * Why an accelerator was not used, in one line: when one was asked for, or with --verbose. 'auto'
 * falling back to cpu is the normal case on most machines and stays quiet.
 */
export function reportProvider(engine: {
  provider: string
  providerNote: string | null
  requestedProvider: string
}): void {
  if (!engine.providerNote) return
  if (engine.requestedProvider !== 'auto' || process.env.ZEBRA_VERBOSE === '1') {
    process.stderr.write(`zebra: running on ${engine.provider} (${engine.providerNote})\n`)
  }
}

/** AbortController wired to SIGINT/SIGTERM: the first signal cancels cleanly, a second exits now. */
export function interruptible(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController()
  const onSignal = (): void => {
    if (ac.signal.aborted) process.exit(EXIT_CANCELLED)
    process.stderr.write(`\n${i18n.t('cli:cancelling')}\n`)
    ac.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: ac.signal,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
