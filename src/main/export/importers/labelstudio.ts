// Labels from a Label Studio JSON export (Export > JSON: a list of tasks). A task's label is the
// single choice of its last annotation that was not cancelled (any Choices control); a task with
// none is unlabelled. Into a tags project every choice is a present tag and every other tag of the
// project absent, except those meta.zebra names unsure or undecided (a tags export's tasks). Its image: data.path or meta.zebra (tasks Zebra exported), else the image
// URL: local files storage (?d=path below the document root), or the file name of an uploaded
// (/data/upload/<project>/<8 hex>-name) or remote file.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { fromPosixRel } from '../../db/paths'
import type { Project } from '../../db/project'
import type { ImportPlan } from './plan'
import { ImageResolver, type Found } from './resolve'
import { completeJudgement } from './tags-plan'

interface LsResult {
  type?: unknown
  value?: { choices?: unknown }
}
interface LsAnnotation {
  result?: unknown
  was_cancelled?: unknown
}
interface LsTask {
  id?: unknown
  data?: Record<string, unknown>
  annotations?: unknown
  meta?: { zebra?: { root?: unknown; rel_path?: unknown; unsure_tags?: unknown; undecided_tags?: unknown } }
}

const IMAGE_LIKE = /\.(jpe?g|jfif|png|webp|gif|tiff?|avif|hei[cf])(\?|#|$)/i

/** Every choice of the last annotation that was not cancelled; null without one. */
function choicesOf(tasks: LsAnnotation[]): string[] | null {
  const live = tasks.filter((a) => a && a.was_cancelled !== true)
  const last = live[live.length - 1]
  if (!last) return null
  const results = Array.isArray(last.result) ? (last.result as LsResult[]) : []
  return results
    .filter((r) => r?.type === 'choices' && Array.isArray(r.value?.choices))
    .flatMap((r) => r.value!.choices as unknown[])
    .map(String)
}

/** The annotation's choice, or why it has no single one. */
function choiceOf(tasks: LsAnnotation[]): string | null | { reason: string } {
  const choices = choicesOf(tasks)
  if (choices === null || choices.length === 0) return null
  if (choices.length > 1)
    return { reason: `${choices.length} choices (${choices.join(', ')}): one label per image` }
  return choices[0]!
}

function imageUrl(data: Record<string, unknown>): string | null {
  if (typeof data.image === 'string') return data.image
  for (const v of Object.values(data)) if (typeof v === 'string' && IMAGE_LIKE.test(v)) return v
  return null
}

function findTaskImage(resolver: ImageResolver, t: LsTask): Found {
  const data = t.data ?? {}
  if (typeof data.path === 'string') {
    const f = resolver.byPath(data.path)
    if ('imageId' in f) return f
  }
  const z = t.meta?.zebra
  if (typeof z?.root === 'string' && typeof z.rel_path === 'string') {
    const f = resolver.byPath(join(z.root, fromPosixRel(z.rel_path)))
    if ('imageId' in f) return f
  }
  const url = imageUrl(data)
  if (!url) return { reason: 'the task names no image' }
  const q = url.indexOf('?')
  const d = q >= 0 ? new URLSearchParams(url.slice(q + 1)).get('d') : null
  if (d) return resolver.byTail(d.replace(/\\/g, '/'))
  let name = decodeURIComponent(url.split(/[?#]/)[0]!.split('/').pop() ?? '')
  // Label Studio prefixes an uploaded file's name with 8 hex digits and a dash
  if (/\/data\/upload\//.test(url)) name = name.replace(/^[0-9a-f]{8}-/i, '')
  return name ? resolver.byFileName(name) : { reason: 'the image URL names no file' }
}

export async function planLabelStudio(project: Project, file: string): Promise<ImportPlan> {
  let doc: unknown
  try {
    doc = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code) throw new AppError('not_found', `Cannot read ${file}: ${e.message}`)
    throw new AppError('invalid_input', `${file} is not JSON: ${e.message}`)
  }
  const tasks = (Array.isArray(doc) ? doc : [doc]) as LsTask[]
  if (!tasks.every((t) => t && typeof t === 'object' && typeof t.data === 'object'))
    throw new AppError(
      'invalid_input',
      `${file} is not a Label Studio JSON export (a list of tasks with "data"): export JSON, not JSON-MIN or CSV.`
    )
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0, tagEntries: [] }
  const resolver = new ImageResolver(project)
  // a tags project: the project's tags are the Choices offered, every one not chosen is absent
  const offered = project.kind === 'tags' ? project.activeLabels().map((l) => l.name) : null
  tasks.forEach((t, i) => {
    plan.total++
    const ref =
      (typeof t.data?.path === 'string' && t.data.path) ||
      imageUrl(t.data ?? {}) ||
      `task ${typeof t.id === 'number' ? t.id : i + 1}`
    const annotations = Array.isArray(t.annotations) ? (t.annotations as LsAnnotation[]) : []
    if (offered) {
      const chosen = choicesOf(annotations)
      if (chosen === null) {
        plan.unlabeled++
        return
      }
      const found = findTaskImage(resolver, t)
      if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
      else {
        const z = t.meta?.zebra
        const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])
        const tags = completeJudgement(offered, chosen, {
          unsure: list(z?.unsure_tags),
          undecided: list(z?.undecided_tags)
        })
        plan.tagEntries!.push({ ref, imageId: found.imageId, tags })
      }
      return
    }
    const label = choiceOf(annotations)
    if (label === null) {
      plan.unlabeled++
      return
    }
    if (typeof label !== 'string') {
      plan.unmatched.push({ ref, reason: label.reason })
      return
    }
    const found = findTaskImage(resolver, t)
    if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
    else plan.entries.push({ ref, imageId: found.imageId, label })
  })
  return plan
}
