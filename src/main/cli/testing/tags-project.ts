// A tags project made the way a user would, for the tags CLI tests: `zebra init --tags` over a copy
// of the sample project's images (the demo model's world: coloured, patterned shapes) and
// `zebra prelabel --model demo`, in a temp folder outside the repository. Test-only helper.
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sampleProjectDir } from '../../paths'
import { runZebraSync, type CliRun } from './harness'

export const TAGS = ['red', 'blue', 'circle', 'striped']

export interface TagsWorkDir {
  cwd: string
  zebra(...args: string[]): CliRun
}

/** A temp folder with world/ (the sample project's images) and its own data folder. */
export function tagsWorkDir(prefix: string): TagsWorkDir {
  const cwd = mkdtempSync(join(tmpdir(), prefix))
  cpSync(sampleProjectDir(), join(cwd, 'world'), { recursive: true })
  const env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'cli-test', ZEBRA_EP: 'cpu' }
  return { cwd, zebra: (...args) => runZebraSync(args, { cwd, env }) }
}

/** `zebra init` (with the extra arguments, e.g. --tags) and `zebra prelabel`; throws on a failure. */
export function createPrelabelled(w: TagsWorkDir, file: string, ...initArgs: string[]): void {
  for (const args of [
    [
      'init',
      file,
      '--images',
      'world',
      '--labels',
      TAGS.join(','),
      '--templates',
      'a photo of a {} shape.',
      ...initArgs
    ],
    ['prelabel', file, '--model', 'demo']
  ]) {
    const r = w.zebra(...args)
    if (r.code !== 0) throw new Error(`zebra ${args.join(' ')}: exit ${r.code}\n${r.stderr}`)
  }
}
