// The CLI parses what a command would send with the contract's own schema of that request (the
// one the app and the bridge use), so a label, a template or a name has one limit everywhere.
import type { z } from 'zod'
import { AppError } from '../../shared/errors'

/** the value at a zod issue's path, for the message (shortened, control characters escaped) */
function shown(input: unknown, path: readonly PropertyKey[]): string {
  let v: unknown = input
  for (const k of path) v = (v as Record<PropertyKey, unknown> | undefined)?.[k]
  if (typeof v !== 'string') return ''
  const s = JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
  return `${s}: `
}

/** `input` parsed with `schema`, or invalid_input (exit 2) saying what is wrong with which value */
export function validInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  const first = r.error.issues[0]!
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  throw new AppError('invalid_input', `${shown(input, first.path)}${first.message}.`, { issues })
}
