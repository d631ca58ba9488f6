// Running a loaded engine over image files for embed and classify: the model, the file list,
// batches with progress and Ctrl+C, paths as the user typed them. Results go to stdout, progress,
// per-file errors and notes to stderr.
import { AppError } from '../../shared/errors'
import { basename, relative, sep } from 'node:path'
import { describeNotTaken } from '../../shared/not-taken'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { listImageFiles, resolveModelArg, unreadableFolders } from '../clip/files'
import { emptyWalkReport } from '../clip/image-walk'
import type { ImageEmbedResult } from '../clip/types'
import type { ModelOpts } from './options'
import { createProgress, type Progress } from './progress'
import { EXIT_CANCELLED, interruptible, reportProvider } from './run'

export async function openEngine(o: ModelOpts): Promise<LoadedClipEngine> {
  const engine = await loadEngine({
    modelDir: resolveModelArg(o.model),
    variant: o.variant,
    ep: o.ep,
    threads: o.threads
  })
  if (engine.demo) {
    process.stderr.write(
      'zebra: demo model: a tiny CLIP that only knows coloured shapes; anything else gets guesses.\n'
    )
  }
  reportProvider(engine)
  return engine
}

/** paths under the working folder print relative, others absolute */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : file
}

/**
 * The image files of the FILE_OR_DIR arguments. What the folders held besides is said on stderr
 * (not taken: formats Zebra does not read, other files, ...); a folder that could not be read is
 * an error, so a run never quietly covers less than was asked.
 */
export async function imageFiles(paths: string[]): Promise<string[]> {
  const report = emptyWalkReport()
  let files: string[]
  try {
    files = await listImageFiles(paths, report)
  } catch (err) {
    // a path that is not there is a mistake in the command line: exit code 2
    if ((err as AppError).code === 'not_found') throw new AppError('invalid_input', (err as Error).message)
    throw err
  }
  if (report.unreadable.length) throw unreadableFolders(report.unreadable)
  const notTaken = describeNotTaken(report.notTaken, { show: displayPath })
  if (!files.length)
    throw new AppError(
      'invalid_input',
      `no image files in ${paths.join(', ')}${notTaken ? ` (${notTaken})` : ''}`
    )
  if (notTaken) process.stderr.write(`zebra: ${notTaken}\n`)
  return files
}

/** Embeds files batch by batch with a progress bar on stderr for runs longer than one batch. */
export async function embedWithProgress(
  engine: LoadedClipEngine,
  files: string[],
  batch: number,
  label: string,
  onBatch: (results: ImageEmbedResult[]) => void
): Promise<number> {
  let failed = 0
  const bar: Progress | null = files.length > batch ? createProgress(label, files.length) : null
  // larger chunks than the model batch keep the engine's decode/infer pipelining busy
  const chunk = batch * 8
  // Ctrl+C: what was printed stays valid JSON lines; the rest is skipped, exit 130
  const intr = interruptible()
  try {
    for (let start = 0; start < files.length; start += chunk) {
      if (intr.signal.aborted) break
      const part = files.slice(start, start + chunk)
      let res: ImageEmbedResult[]
      try {
        res = await engine.embedImages(part, {
          batch,
          signal: intr.signal,
          onProgress: (d) => bar?.update(start + d)
        })
      } catch (err) {
        if ((err as AppError).code === 'cancelled') break
        throw err
      }
      for (const r of res) {
        if (r.error) {
          failed++
          // engine errors start with the file's base name; print the path instead
          const reason = r.error.startsWith(`${basename(r.file)}: `)
            ? r.error.slice(basename(r.file).length + 2)
            : r.error
          process.stderr.write(`zebra: ${displayPath(r.file)}: ${reason}\n`)
        }
      }
      onBatch(res)
    }
  } finally {
    bar?.stop()
    intr.dispose()
  }
  if (intr.signal.aborted) {
    process.stderr.write('zebra: cancelled\n')
    process.exitCode = EXIT_CANCELLED
  }
  return failed
}

export function writeLine(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v)}\n`)
}
