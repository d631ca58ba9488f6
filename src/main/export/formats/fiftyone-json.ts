// FiftyOne FiftyOneImageClassificationDataset: data/<uuid>.<ext> and labels.json with
// {"classes": [...], "labels": {"<uuid>": <index into classes>}}; the uuid is the file's stem
// (unique within data/). With a split, one such dataset per split folder, all with the same classes.
import { writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import { placeRows, writeSources } from './place'
import type { FormatInput, FormatOutput } from './types'

export async function writeFiftyOneJson(input: FormatInput): Promise<FormatOutput> {
  const { placed, notCopied } = await placeRows(input, (_r, split) => (split ? `${split}/data` : 'data'), {
    uniqueStem: true
  })
  const index = new Map(input.labels.map((l, i) => [l, i]))
  const datasets = new Map<string, Record<string, number>>()
  // every split gets a labels.json, even one the split left empty
  for (const s of input.splitNames.length ? input.splitNames : ['']) datasets.set(s, {})
  for (const p of placed) {
    const base = posix.basename(p.file)
    const stem = base.slice(0, base.length - posix.extname(base).length)
    datasets.get(p.split ?? '')![stem] = index.get(p.row.label!)!
  }
  const files: string[] = []
  for (const [split, labels] of datasets) {
    const f = join(input.outDir, fromPosixRel(split), 'labels.json')
    await writeFile(f, JSON.stringify({ classes: input.labels, labels }, null, 2))
    files.push(f)
  }
  files.push(await writeSources(input, placed))
  return { files, notCopied }
}
