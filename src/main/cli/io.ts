// What the project commands share: print a result, and run on a project file that is closed
// afterwards whatever happens (an error, Ctrl+C), so no command leaves the file open.
import { Project } from '../db/project'

/** Text as it is, anything else as indented JSON; one line ending. */
export function out(v: unknown): void {
  process.stdout.write(typeof v === 'string' ? `${v}\n` : `${JSON.stringify(v, null, 2)}\n`)
}

/** With --json the value as indented JSON, otherwise the text (made only when it is printed). */
export function outJsonOr(v: unknown, json: boolean | undefined, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(v, null, 2)}\n` : `${text()}\n`)
}

/** Opens the project file, runs `fn` on it and closes it, also when `fn` fails. */
export async function withProject<T>(file: string, fn: (p: Project) => Promise<T>): Promise<T> {
  const p = Project.open(file)
  try {
    return await fn(p)
  } finally {
    p.close()
  }
}
