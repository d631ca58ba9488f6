// Shared CLI plumbing: exit codes 0 (ok), 1 (failure), 2 (usage), and AppError messages on stderr.
import { Command, CommanderError } from 'commander'
import { toAppError } from '../../shared/errors'
import { phrased } from '../../shared/remedies'

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
/** stopped by Ctrl+C (128 + SIGINT), after finishing and keeping the current batch */
export const EXIT_CANCELLED = 130

/** An error that is the user's invocation, not a failure of the work: exit code 2. */
export class UsageError extends Error {}

/** Commander copies these settings only to subcommands created after them: set them on every one. */
function applyToAll(cmd: Command): void {
  cmd.exitOverride()
  cmd.configureOutput({ writeErr: (s) => process.stderr.write(s) })
  for (const sub of cmd.commands) applyToAll(sub)
}

export async function runCli(program: Command, argv: string[]): Promise<void> {
  applyToAll(program)
  try {
    await program.parseAsync(argv)
    process.exitCode = process.exitCode ?? EXIT_OK
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with a CommanderError whose exit code is 0.
      process.exitCode = err.exitCode === 0 ? EXIT_OK : EXIT_USAGE
      return
    }
    if (err instanceof UsageError) {
      process.stderr.write(`zebra: ${err.message}\n`)
      process.exitCode = EXIT_USAGE
      return
    }
    const appErr = toAppError(err)
    if (appErr.code === 'internal') process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`)
    process.stderr.write(`zebra: ${phrased(appErr, 'cli')}\n`)
    process.exitCode = appErr.code === 'invalid_input' ? EXIT_USAGE : EXIT_FAILURE
  }
}

/** AbortController wired to SIGINT/SIGTERM: the first signal cancels cleanly, a second exits now. */
export function interruptible(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController()
  const onSignal = (): void => {
    if (ac.signal.aborted) process.exit(EXIT_CANCELLED)
    process.stderr.write('\nzebra: cancelling after the current batch (Ctrl+C again to stop now)…\n')
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
