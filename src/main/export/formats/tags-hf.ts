// Hugging Face imagefolder for a tags project: split/file and split/metadata.jsonl with
// `labels` (the present tags), `tag_states` (per class in class order: present, absent, unsure, or
// '' when not decided) and `probs` (per class, null without a score), and README.md, the dataset
// card whose config declares `labels` Sequence(ClassLabel(names=classes)): `load_dataset(folder)`
// then gives class indices. The loader infers each split's metadata types from its first rows and
// refuses splits that disagree, and an empty list has no type: so the per-class lists are never
// empty, each split's rows with a present tag (and a score) come first, and a split that still has
// none is named in the notes.
import { writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import type { TagExportRow } from '../tag-rows'
import { placeRows, type Placed } from './place'
import { probList } from './tags-files'
import { writeTagSources } from './tags-tables'
import type { FormatOutput, TagFormatInput } from './types'

/** YAML of a double-quoted string (JSON's escapes are YAML's) */
const yamlString = (s: string): string => JSON.stringify(s)

function hfCard(labels: readonly string[], splits: readonly string[]): string {
  return [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...splits.flatMap((s) => [`  - split: ${yamlString(s)}`, `    path: ${yamlString(`${s}/**`)}`]),
    '  features:',
    '  - name: image',
    '    dtype: image',
    '  - name: labels',
    '    sequence:',
    '      class_label:',
    '        names:',
    ...labels.map((l, i) => `          '${i}': ${yamlString(l)}`),
    '  - name: tag_states',
    '    sequence: string',
    '  - name: probs',
    '    sequence: float32',
    '  - name: source_path',
    '    dtype: string',
    '---',
    '',
    'Exported by Zebra from a tags project. `labels`: the tags present on the image (class indices',
    'once loaded). `tag_states`: per class, in class order, `present`, `absent`, `unsure`, or empty',
    'when the tag was not decided. `probs`: per class, the probability Zebra gave the tag.',
    ''
  ].join('\n')
}

/**
 * The splits the datasets loader would type apart from the others: those without a present tag
 * (or a score) where another split has one, named in a note.
 */
export function oddSplitNotes(traits: ReadonlyMap<string, { present: boolean; scored: boolean }>): string[] {
  const all = [...traits.values()]
  const odd = [...traits]
    .filter(([, t]) => (!t.present && all.some((x) => x.present)) || (!t.scored && all.some((x) => x.scored)))
    .map(([split]) => split)
  return odd.length
    ? [
        `hf: split ${odd.join(', ')} has no image with a tag present (or a score), so the datasets loader types its columns apart from the other splits' and refuses to load them together: choose other split fractions.`
      ]
    : []
}

function tagStates(labels: readonly string[], r: TagExportRow): string[] {
  const state = new Map<string, string>()
  for (const s of ['present', 'absent', 'unsure'] as const) for (const t of r[s]) state.set(t, s)
  return labels.map((l) => state.get(l) ?? '')
}

export async function writeTagHf(input: TagFormatInput): Promise<FormatOutput> {
  const { placed, notCopied } = await placeRows(input, (_r, split) => split ?? 'train')
  const bySplit = new Map<string, Placed<TagExportRow>[]>()
  for (const p of placed) {
    const dir = posix.dirname(p.file)
    bySplit.set(dir, [...(bySplit.get(dir) ?? []), p])
  }
  const scored = (r: TagExportRow): boolean => Object.keys(r.probs).length > 0
  const files: string[] = []
  const traits = new Map<string, { present: boolean; scored: boolean }>()
  for (const [dir, ps] of bySplit) {
    const rank = (p: Placed<TagExportRow>): number => (p.row.present.length ? 0 : 2) + (scored(p.row) ? 0 : 1)
    const lines = [...ps]
      .sort((a, b) => rank(a) - rank(b))
      .map(
        (p) =>
          JSON.stringify({
            file_name: posix.basename(p.file),
            labels: p.row.present,
            tag_states: tagStates(input.labels, p.row),
            probs: probList(input.labels, p.row),
            source_path: p.row.relPath
          }) + '\n'
      )
    const f = join(input.outDir, fromPosixRel(dir), 'metadata.jsonl')
    await writeFile(f, lines.join(''))
    files.push(f)
    traits.set(dir, {
      present: ps.some((p) => p.row.present.length > 0),
      scored: ps.some((p) => scored(p.row))
    })
  }
  const card = join(input.outDir, 'README.md')
  await writeFile(card, hfCard(input.labels, [...bySplit.keys()]))
  files.push(card, await writeTagSources(input, placed))
  const notes = oddSplitNotes(traits)
  return { files, notCopied, ...(notes.length ? { notes } : {}) }
}
