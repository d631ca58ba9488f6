// Label and template lists from files and flags (classify).
import { AppError } from '../../shared/errors'
import { readFileSync } from 'node:fs'
import type { LabelSpec } from '../clip/zeroshot'

export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new AppError('invalid_input', `cannot read the ${what} ${file}: ${(err as Error).message}`)
  }
}

/** Lines without blanks and # comments. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
}

/**
 * A labels file: one label a line, optionally with descriptions after a colon separated by
 * semicolons ("zebra: striped; has a mane"), # comments. --labels: comma separated names.
 */
export function parseLabelsFile(text: string): LabelSpec[] {
  return lines(text).map((l) => {
    const m = /^([^:]+):(.*)$/.exec(l)
    if (!m) return { name: l }
    const descriptions = m[2]
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
    return descriptions.length ? { name: m[1].trim(), descriptions } : { name: m[1].trim() }
  })
}
