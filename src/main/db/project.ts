// A project file: identity, roots, settings, labels and template sets. Images, predictions and
// decisions have their own modules (images.ts, predictions.ts, decisions.ts, queues.ts).
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type {
  Label,
  LabelCount,
  LabelInput,
  ProjectCounts,
  ProjectSettings,
  ProjectSummary,
  TemplateSet
} from '../../shared/contract'
import { DEFAULT_TEMPERATURE, DEFAULT_TOP_K, IMAGENET_7_TEMPLATES } from '../clip/zeroshot'
import { AppError } from '../../shared/errors'
import { creatingFile, publishNoReplace, removeStaleCreating, withSidecars } from './create-file'
import { diskFullError, openDatabase, type Db, type OpenDbOptions } from './open'
import { fromPosixRel, isInside, linkTrouble, realOrResolved } from './paths'
import { activeRoots, insertRoot } from './roots'
import {
  addLabels,
  labelById,
  labelByName,
  listLabels,
  mergeLabel,
  updateLabel,
  type LabelPatch
} from './labels'
import { labelCounts } from './label-counts'
import { cleanTemplates, updateTemplateSet } from './template-sets'
import { projectCounts } from './project-counts'
import { teamMembership } from './pg/member-role'
import { projectKind, type ProjectKind } from './tag-state'

/** The 7 ImageNet templates the CLIP authors chose by forward selection (Prompt_Engineering_for_ImageNet). */
const DEFAULT_TEMPLATES: readonly string[] = IMAGENET_7_TEMPLATES
const DEFAULT_TEMPLATE_SET_NAME = 'ImageNet 7 (CLIP forward selection)'

const DEFAULT_SETTINGS: ProjectSettings = {
  modelPath: null,
  variant: 'fp32',
  ep: 'auto',
  // logit multiplier as in clip/zeroshot.ts (CLIP's learned scale)
  temperature: DEFAULT_TEMPERATURE,
  topK: DEFAULT_TOP_K,
  // adapted suggestions on by default: with nothing reviewed they are the zero-shot ones, and the
  // blend leans on reviewed images only as they accumulate; the project setting switches them off
  adapt: true
}

export function nowIso(): string {
  return new Date().toISOString()
}

export interface CreateProjectOptions {
  name?: string
  roots: string[]
  labels?: LabelInput[]
  templates?: readonly string[]
  templateSetName?: string
  settings?: Partial<ProjectSettings>
  sample?: boolean
  /** 'tags': any number of labels per image (docs/tags.md); default one label per image */
  kind?: ProjectKind
}

export class Project {
  private constructor(
    readonly db: Db,
    /** absolute path of the .zebra file */
    readonly path: string
  ) {}

  /**
   * Creates a new project file; refuses to overwrite an existing non-empty one. Built in a temp
   * file beside it and published under its name without replacing anything (create-file.ts), so a
   * killed init leaves either nothing or a complete project (never a schema without its project
   * row), and of two inits of one path exactly one wins. Temp files of killed inits are removed.
   */
  static create(file: string, opts: CreateProjectOptions): Project {
    const path = resolve(file)
    if (opts.roots.length === 0)
      throw new AppError('invalid_input', 'A project needs at least one image folder.')
    const roots = opts.roots.map((r) => realOrResolved(r))
    refuseLink(path)
    mkdirSync(dirname(path), { recursive: true })
    if (existsSync(path) && statSync(path).size > 0) {
      Project.open(path).close() // a Zebra project, or its own clear error (not a project, newer ...)
      throw new AppError('invalid_input', `A project already exists at ${path}. Open it instead.`, {
        file: path
      })
    }
    removeStaleCreating(path)
    const tmp = creatingFile(path)
    for (const f of withSidecars(tmp)) rmSync(f, { force: true })
    let opened: Db | null = null
    try {
      const db = (opened = openDatabase(tmp, { create: true }))
      const p = new Project(db, tmp)
      const now = nowIso()
      db.transaction(() => {
        const settings = { ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) }
        db.prepare(
          'INSERT INTO project (id, name, created_at, opened_at, settings, sample) VALUES (1, ?, ?, ?, ?, ?)'
        ).run(
          opts.name ?? basename(path, extname(path)),
          now,
          now,
          JSON.stringify(settings),
          opts.sample ? 1 : 0
        )
        const insRoot = db.prepare('INSERT OR IGNORE INTO roots (path) VALUES (?)')
        for (const r of roots) insRoot.run(r)
        const ts = p.saveTemplateSet(
          opts.templateSetName ?? (opts.templates ? 'Custom' : DEFAULT_TEMPLATE_SET_NAME),
          opts.templates ?? DEFAULT_TEMPLATES
        )
        db.prepare('UPDATE project SET active_template_set_id = ? WHERE id = 1').run(ts.id)
        if (opts.kind === 'tags') db.prepare("UPDATE project SET kind = 'tags' WHERE id = 1").run()
        if (opts.labels?.length) p.addLabels(opts.labels)
      }).immediate()
      db.close() // checkpoints the WAL into the file, so the file alone is the whole project
      publishNoReplace(tmp, path)
    } catch (err) {
      if (opened?.open) opened.close()
      // a full disk fails as early as the empty file's first page: nothing of it may stay behind
      for (const f of withSidecars(tmp)) rmSync(f, { force: true })
      throw diskFullError(err, path)
    }
    return Project.open(path)
  }

  static open(file: string, opts: OpenDbOptions = {}): Project {
    const path = resolve(file)
    const db = openDatabase(path, opts)
    const row = db.prepare('SELECT count(*) AS n FROM project').get() as { n: number }
    if (row.n === 0) {
      db.close()
      throw new AppError('project_corrupt', `${path} has no project record. Create a new project.`, {
        file: path
      })
    }
    if (!db.readonly) {
      // another process is writing: the opened time is not worth waiting for (nor a second timeout)
      db.pragma('busy_timeout = 0')
      try {
        db.prepare('UPDATE project SET opened_at = ? WHERE id = 1').run(nowIso())
      } catch (err) {
        const code = (err as { code?: string }).code
        if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED' && code !== 'SQLITE_READONLY') {
          db.close()
          throw diskFullError(err, path)
        }
      } finally {
        db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`)
      }
    }
    return new Project(db, path)
  }

  /** opened read-only (the file is not writable here): view and export, no decisions */
  get readOnly(): boolean {
    return this.db.readonly
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  // --- identity and settings --------------------------------------------------------------

  private meta(): {
    name: string
    created_at: string
    opened_at: string
    settings: string
    sample: number
    active_template_set_id: number | null
    label_version: number
  } {
    return this.db.prepare('SELECT * FROM project WHERE id = 1').get() as never
  }

  get name(): string {
    return this.meta().name
  }

  get kind(): ProjectKind {
    return projectKind(this.db)
  }

  get isSample(): boolean {
    return this.meta().sample === 1
  }

  get labelVersion(): number {
    return this.meta().label_version
  }

  settings(): ProjectSettings {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(this.meta().settings) as Partial<ProjectSettings>) }
  }

  updateSettings(patch: Partial<ProjectSettings>): ProjectSettings {
    const next = { ...this.settings() }
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v
    this.db.prepare('UPDATE project SET settings = ? WHERE id = 1').run(JSON.stringify(next))
    return next
  }

  /** Absolute (realpath'd at creation) image roots, in root id order. */
  roots(): { id: number; path: string }[] {
    // a removed folder (roots.ts deleteRoot) is no longer one of them
    return activeRoots(this.db)
  }

  /** Adds a folder (or takes a removed one back); refuses one nested with a folder in use. */
  addRoot(dir: string): number {
    return insertRoot(this.db, realOrResolved(dir), isInside).id
  }

  /**
   * Absolute path of an image, from its root and relative path. Refuses a relative path that
   * escapes its root (a crafted DB row): callers still realpath before reading (symlinks).
   */
  imageFile(imageId: number): string {
    const row = this.db
      .prepare(
        'SELECT r.path AS root, i.rel_path AS rel FROM images i JOIN roots r ON r.id = i.root_id WHERE i.id = ?'
      )
      .get(imageId) as { root: string; rel: string } | undefined
    if (!row) throw new AppError('not_found', `No image with id ${imageId} in this project.`)
    const abs = resolve(row.root, fromPosixRel(row.rel))
    if (!isInside(row.root, abs))
      throw new AppError('outside_roots', 'That image lies outside the project folders.')
    return abs
  }

  /** The root that contains `abs` (realpath'd), or null. */
  rootOf(abs: string): { id: number; path: string; rel: string } | null {
    const real = realOrResolved(abs)
    for (const r of this.roots()) {
      if (isInside(r.path, real)) return { ...r, rel: real.slice(r.path.length + 1) }
    }
    return null
  }

  // --- labels (labels.ts) ------------------------------------------------------------------

  labels(opts: { includeArchived?: boolean } = {}): Label[] {
    return listLabels(this.db, opts)
  }

  /** Active (not archived) labels, the classes the classifier scores. */
  activeLabels(): Label[] {
    return this.labels({ includeArchived: false })
  }

  label(id: number): Label {
    return labelById(this.db, id)
  }

  labelByName(name: string): Label | null {
    return labelByName(this.db, name)
  }

  /** Adds labels; a name that exists (any case) is returned as is (un-archived), not duplicated. */
  addLabels(inputs: LabelInput[]): Label[] {
    return addLabels(this.db, inputs)
  }

  updateLabel(id: number, patch: LabelPatch): Label {
    return updateLabel(this.db, id, patch)
  }

  /** Merges `fromId` into `intoId`; the decision log is untouched (labels.ts mergeLabel). */
  mergeLabel(fromId: number, intoId: number): { from: Label; into: Label } {
    return mergeLabel(this.db, fromId, intoId)
  }

  /** decided images per label, through merges (label-counts.ts) */
  labelCounts(): LabelCount[] {
    return labelCounts(this.db)
  }

  // --- template sets ----------------------------------------------------------------------

  templateSets(): TemplateSet[] {
    return (
      this.db.prepare('SELECT id, name, templates, language FROM template_sets ORDER BY id').all() as {
        id: number
        name: string
        templates: string
        language: string | null
      }[]
    ).map((r) => ({
      id: r.id,
      name: r.name,
      templates: JSON.parse(r.templates) as string[],
      language: r.language
    }))
  }

  templateSet(id: number): TemplateSet {
    const t = this.templateSets().find((s) => s.id === id)
    if (!t) throw new AppError('not_found', `No template set with id ${id}.`)
    return t
  }

  /** A new set; `language`: the language its prompts are written in (null: the labels' own names). */
  saveTemplateSet(
    name: string,
    templates: readonly string[],
    makeActive = false,
    language: string | null = null
  ): TemplateSet {
    const clean = cleanTemplates(templates)
    const r = this.db
      .prepare(
        'INSERT INTO template_sets (name, templates, language, created_at) VALUES (?, ?, ?, ?) RETURNING id'
      )
      .get(name, JSON.stringify(clean), language, nowIso()) as { id: number }
    if (makeActive) this.setActiveTemplateSet(r.id)
    return { id: r.id, name, templates: clean, language }
  }

  /** Edits a set in place; editing the default set's templates marks every prediction stale. */
  updateTemplateSet(
    id: number,
    patch: { name?: string; templates?: readonly string[]; language?: string | null }
  ): { set: TemplateSet; promptsChanged: boolean } {
    return updateTemplateSet(this.db, id, patch)
  }

  activeTemplateSetId(): number | null {
    return this.meta().active_template_set_id
  }

  activeTemplateSet(): TemplateSet {
    const id = this.activeTemplateSetId()
    if (id === null) throw new AppError('not_found', 'This project has no template set.')
    return this.templateSet(id)
  }

  setActiveTemplateSet(id: number): void {
    this.templateSet(id)
    this.db.prepare('UPDATE project SET active_template_set_id = ? WHERE id = 1').run(id)
  }

  // --- counts and summary -----------------------------------------------------------------

  counts(): ProjectCounts {
    return projectCounts(this.db)
  }

  summary(): ProjectSummary {
    const m = this.meta()
    return {
      path: this.path,
      name: m.name,
      roots: this.roots().map((r) => r.path),
      createdAt: m.created_at,
      openedAt: m.opened_at,
      settings: this.settings(),
      counts: this.counts(),
      labels: this.labels(),
      templateSets: this.templateSets(),
      activeTemplateSetId: m.active_template_set_id,
      sample: m.sample === 1,
      kind: this.kind,
      readOnly: this.readOnly,
      team: teamMembership(this.db)
    }
  }
}

/**
 * A new project is a regular file: creating one never replaces a symbolic link, nor writes through
 * one (a link that loops, points nowhere or to an empty file); a link to a project opens it.
 */
function refuseLink(path: string): void {
  const t = linkTrouble(path)
  if (!t) return
  const what =
    t.kind === 'loop'
      ? `${path} is a symlink loop (it never reaches a file)`
      : t.kind === 'dangling'
        ? `${path} is a symbolic link to ${t.target}, which does not exist`
        : `${path} is a symbolic link to an empty file (${t.target})`
  throw new AppError(
    'invalid_input',
    `${what}. A new project is not created through a link: give the real path, or remove the link.`,
    { file: path }
  )
}

/** Default export folder beside the project file. */
export function defaultExportDir(projectPath: string, format: string): string {
  return join(dirname(projectPath), `${basename(projectPath, extname(projectPath))}-export-${format}`)
}
