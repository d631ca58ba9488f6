// Label Studio for a tags project: the labeling config's Choices take several (choice="multiple"),
// a task's annotation is one result holding every present tag (none: an empty result), and its
// predictions are one per scored tag, most probable first, each with the tag's probability as
// score. meta.zebra names the tags that were unsure or not yet decided: the importer reads every
// other tag the annotation does not choose as absent, so an edit in Label Studio (a choice added
// or removed) imports as that tag present or absent.
import { writeFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import {
  LS_CONFIG_FILE,
  LS_TASKS_FILE,
  choice,
  documentRoot,
  labelConfig,
  lsNotes,
  modelVersion
} from './labelstudio'
import type { FormatOutput, TagFormatInput } from './types'

export async function writeTagLabelStudio(input: TagFormatInput): Promise<FormatOutput> {
  const roots = input.project.roots().map((r) => r.path)
  const docRoot = documentRoot(roots)
  const used = new Set<string>()
  const tasks = input.rows.map((r) => {
    const file = join(r.root, fromPosixRel(r.relPath))
    const d = relative(docRoot, file).split(sep).map(encodeURIComponent).join('/')
    for (const t of [...r.present, ...Object.keys(r.probs)]) used.add(t)
    for (const m of Object.values(r.byAnnotator ?? {})) for (const t of m.present) used.add(t)
    const ranked = Object.entries(r.probs).sort(([, a], [, b]) => b - a)
    input.progress()
    return {
      data: { image: `/data/local-files/?d=${d}`, path: file },
      // several annotators: each one's present tags first (completed_by), the resolved tags last
      annotations: [
        ...Object.entries(r.byAnnotator ?? {}).map(([who, marked], i) => ({
          result: marked.present.length ? [{ id: `z${r.imageId}a${i + 1}`, ...choice(marked.present) }] : [],
          completed_by: who,
          was_cancelled: false,
          ground_truth: false
        })),
        {
          result: r.present.length ? [{ id: `z${r.imageId}`, ...choice(r.present) }] : [],
          created_at: r.decidedAt,
          was_cancelled: false,
          ground_truth: false
        }
      ],
      predictions: ranked.map(([t, p], i) => ({
        model_version: modelVersion(r),
        score: p,
        result: [{ id: `z${r.imageId}p${i + 1}`, ...choice([t], p) }]
      })),
      meta: {
        zebra: {
          root: r.root,
          rel_path: r.relPath,
          annotator: r.annotator,
          split: input.splitOf(r),
          unsure_tags: r.unsure,
          undecided_tags: r.undecided,
          ...(r.tagResolution ? { tag_resolution: r.tagResolution } : {})
        }
      }
    }
  })
  const choices = input.project.activeLabels().map((l) => l.name)
  const config = labelConfig([...choices, ...[...used].filter((l) => !choices.includes(l))], 'multiple')
  const tasksFile = join(input.outDir, LS_TASKS_FILE)
  const configFile = join(input.outDir, LS_CONFIG_FILE)
  await writeFile(tasksFile, JSON.stringify(tasks, null, 1))
  await writeFile(configFile, config)
  return {
    files: [tasksFile, configFile],
    notCopied: [],
    labelConfig: config,
    notes: lsNotes(docRoot, roots)
  }
}
