// What the tags commands share: the refusal on a single-label project, and a tag named on the
// command line (its name in any case, or its id: 12 or #12), which must be a live tag.
import type { Label } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'

/** The project, when it is a tags project; else a refusal that says how to turn it into one. */
export function requireTags(p: Project, what = 'This command'): Project {
  if (p.kind !== 'tags')
    throw new AppError(
      'invalid_input',
      `${what} is for tags projects, and ${p.path} has one label per image. \`zebra project kind ${p.path} tags\` turns it into a tags project.`
    )
  return p
}

/** A live tag by name (any case) or id (12 or #12). */
export function findTag(p: Project, ref: string): Label {
  const live = p.activeLabels()
  const name = ref.trim()
  const lower = name.toLowerCase()
  const named = live.find((l) => l.name.toLowerCase() === lower)
  if (named) return named
  const m = /^#?(\d+)$/.exec(name)
  const byId = m ? live.find((l) => l.id === Number(m[1])) : undefined
  if (byId) return byId
  const archived = p.labels().find((l) => l.name.toLowerCase() === lower)
  if (archived)
    throw new AppError(
      'invalid_input',
      `The tag "${archived.name}" is ${archived.mergedInto ? 'merged into another' : 'archived'}: it is no longer decided.`
    )
  throw new AppError(
    'invalid_input',
    `No tag "${ref}" in this project (it has ${live.map((l) => l.name).join(', ') || 'no tags'}; \`zebra tags status ${p.path}\` lists them).`
  )
}

/** Comma-separated tags (repeated options add up): their ids, each once. */
export function findTags(p: Project, lists: string[] | undefined, option: string): number[] {
  const refs = (lists ?? []).flatMap((s) => s.split(',')).map((s) => s.trim())
  const ids: number[] = []
  for (const ref of refs.filter(Boolean)) {
    const id = findTag(p, ref).id
    if (ids.includes(id)) throw new AppError('invalid_input', `${option}: the tag "${ref}" is given twice.`)
    ids.push(id)
  }
  return ids
}
