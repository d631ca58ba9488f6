// Creating a project from the choices of `zebra init` and the new-project screen.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { LabelInput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { getPreset } from '../clip/presets'
import { Project, type CreateProjectOptions } from './project'

export interface ProjectSpec {
  name?: string
  roots: string[]
  labels?: LabelInput[]
  /** a CLIP paper dataset name (CIFAR100, ImageNet, ...) whose classes become the labels */
  labelPreset?: string
  templates?: string[]
  /** a dataset whose templates become the template set */
  templatePreset?: string
  sample?: boolean
  settings?: CreateProjectOptions['settings']
  /** 'tags': any number of labels per image (docs/tags.md) */
  kind?: CreateProjectOptions['kind']
}

export function createProjectFromSpec(file: string, spec: ProjectSpec): Project {
  const roots = spec.roots.map((r) => resolve(r))
  for (const r of roots) {
    if (!existsSync(r) || !statSync(r).isDirectory()) {
      throw new AppError('not_found', `Image folder not found: ${r}`, { folder: r })
    }
  }
  const labels: LabelInput[] = [...(spec.labels ?? [])]
  if (spec.labelPreset) labels.push(...getPreset(spec.labelPreset).classes.map((name) => ({ name })))
  let templates: readonly string[] | undefined = spec.templates?.length ? spec.templates : undefined
  let templateSetName: string | undefined
  if (!templates && spec.templatePreset) {
    const p = getPreset(spec.templatePreset)
    templates = p.templates
    templateSetName = `${p.name} (CLIP paper, ${p.templates.length})`
  }
  if (existsSync(file) && statSync(file).size > 0) {
    throw new AppError(
      'invalid_input',
      `${resolve(file)} already exists: open it, or choose another file name.`
    )
  }
  return Project.create(file, {
    name: spec.name,
    roots,
    labels,
    templates,
    templateSetName,
    sample: spec.sample,
    settings: spec.settings,
    kind: spec.kind
  })
}

/** Labels from text: one per line or comma-separated; "name: description; description" adds descriptions. */
export function parseLabelList(text: string): LabelInput[] {
  // One label per line as "name: description; description" (a description may contain commas:
  // "zebra: horse-shaped, striped, black and white"); a line without ':' may list several
  // comma-separated names ("cat, dog, bird").
  const out: LabelInput[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const m = /^([^:]+):(.*)$/.exec(line)
    if (m) {
      const descriptions = m[2]!
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
      out.push({ name: m[1]!.trim(), descriptions })
    } else {
      for (const name of line.split(',')) if (name.trim()) out.push({ name: name.trim() })
    }
  }
  return out
}
