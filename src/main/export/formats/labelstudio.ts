// Label Studio: tasks.json (a list of tasks for a Choices labeling config) and label-config.xml
// beside it, to paste into the project's Labeling Interface. Each task's image is served by Label
// Studio's local files storage (/data/local-files/?d=<path below its document root>); the accepted
// or corrected label is the task's annotation and Zebra's top-5 its predictions, best first, each
// with its probability as score and the model as model_version. data.path (the file) and
// meta.zebra (decision, annotator, split) let `import-labels --format labelstudio` match tasks back.
// A project several annotators decided gets one annotation per annotator first (completed_by: the
// annotator's name; "none of these" an empty result), then the exported label's (the adjudicated
// one, else the majority: ground_truth; on a tie the latest decision's), last, as the importer
// reads it; meta.zebra.resolution says which.
import { writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import type { ExportRow } from '../rows'
import type { FormatInput, FormatOutput } from './types'

export const LS_TASKS_FILE = 'tasks.json'
export const LS_CONFIG_FILE = 'label-config.xml'
/** the names in the config that every result refers to */
const LS_FROM = 'label'
const LS_TO = 'image'

function xmlAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

export function labelConfig(labels: readonly string[], choice = 'single-radio'): string {
  return [
    '<View>',
    `  <Image name="${LS_TO}" value="$image"/>`,
    `  <Choices name="${LS_FROM}" toName="${LS_TO}" choice="${choice}" showInLine="true">`,
    ...labels.map((l) => `    <Choice value="${xmlAttr(l)}"/>`),
    '  </Choices>',
    '</View>',
    ''
  ].join('\n')
}

/** The deepest folder above every image folder: Label Studio's document root for these tasks. */
export function documentRoot(roots: readonly string[]): string {
  const parts = roots.map((r) => dirname(r).split(sep))
  const common: string[] = []
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0]![i]); i++) common.push(parts[0]![i]!)
  return common.join(sep) || sep
}

export function choice(labels: string[], score?: number): Record<string, unknown> {
  return {
    from_name: LS_FROM,
    to_name: LS_TO,
    type: 'choices',
    value: { choices: labels },
    ...(score === undefined ? {} : { score })
  }
}

export function modelVersion(r: Pick<ExportRow, 'model' | 'variant' | 'templateSet'>): string {
  return [r.model, r.variant, r.templateSet].filter(Boolean).join(' / ') || 'zebra'
}

export async function writeLabelStudio(input: FormatInput): Promise<FormatOutput> {
  const docRoot = documentRoot(input.project.roots().map((r) => r.path))
  // the labels tasks name (an archived label without a task is no Choice: it is not offered)
  const used = new Set<string>(input.rows.map((r) => r.label!))
  const tasks = input.rows.map((r) => {
    const file = join(r.root, fromPosixRel(r.relPath))
    const d = relative(docRoot, file).split(sep).map(encodeURIComponent).join('/')
    const top = r.suggestions.slice(0, 5)
    for (const s of top) used.add(s.label)
    for (const v of r.byAnnotator ?? []) if (v.label !== null) used.add(v.label)
    input.progress()
    return {
      data: { image: `/data/local-files/?d=${d}`, path: file },
      annotations: [
        ...(r.byAnnotator ?? []).map((v, i) => ({
          result: v.label === null ? [] : [{ id: `z${r.imageId}a${i + 1}`, ...choice([v.label]) }],
          completed_by: v.annotator,
          was_cancelled: false,
          ground_truth: false
        })),
        {
          result: [{ id: `z${r.imageId}`, ...choice([r.label!]) }],
          created_at: r.decidedAt,
          was_cancelled: false,
          ground_truth: r.resolution !== undefined && r.resolution !== 'tie'
        }
      ],
      predictions: top.map((s, i) => ({
        model_version: modelVersion(r),
        score: s.prob,
        result: [{ id: `z${r.imageId}p${i + 1}`, ...choice([s.label], s.prob) }]
      })),
      meta: {
        zebra: {
          root: r.root,
          rel_path: r.relPath,
          decision: r.decision,
          annotator: r.annotator,
          split: input.splitOf(r),
          ...(r.resolution ? { resolution: r.resolution } : {})
        }
      }
    }
  })
  // every label of the project, to go on labelling there; and every label a task names must be
  // a Choice, or Label Studio rejects the task
  const choices = input.project.activeLabels().map((l) => l.name)
  const config = labelConfig([...choices, ...[...used].filter((l) => !choices.includes(l))])
  const tasksFile = join(input.outDir, LS_TASKS_FILE)
  const configFile = join(input.outDir, LS_CONFIG_FILE)
  await writeFile(tasksFile, JSON.stringify(tasks, null, 1))
  await writeFile(configFile, config)
  return {
    files: [tasksFile, configFile],
    notCopied: [],
    labelConfig: config,
    notes: lsNotes(
      docRoot,
      input.project.roots().map((r) => r.path)
    )
  }
}

/** How to serve the images and load the tasks, for the summary. */
export function lsNotes(docRoot: string, roots: readonly string[]): string[] {
  return [
    `Start Label Studio with LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=true and LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=${docRoot}`,
    `In the project: Settings > Cloud Storage > Add Source Storage > Local files, absolute path ${roots.join(', ')} (one storage per folder; no need to sync: the tasks name the images)`,
    `Settings > Labeling Interface > Code: paste ${LS_CONFIG_FILE}; then Import ${LS_TASKS_FILE}`
  ]
}
