// Turning command-line style arguments into files: FILE_OR_DIR into image files, --model into a
// model folder. Shared by the CLI, jobs and services.
import { existsSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import { demoModelDir } from '../paths'
import { DEFAULT_REPO, defaultModelDir } from './download'
import { emptyWalkReport, walkImages, type SkippedPath, type WalkReport } from './image-walk'

export { IMAGE_EXTENSIONS } from './image-walk'

/**
 * Expands files and folders into image files: folders are walked like a project scan
 * (image-walk.ts: sorted, hidden entries skipped, links followed only inside the folder); files
 * named explicitly are kept whatever their extension. Absolute paths, duplicates removed, order of
 * the arguments kept. A path that does not exist is AppError('not_found'). Folders that could not
 * be read go into `report`; without one they are AppError('image_unreadable') naming them, so a run never
 * quietly covers less than was asked. The files the walk passed over go into `report.notTaken`.
 */
export async function listImageFiles(paths: readonly string[], report?: WalkReport): Promise<string[]> {
  const rep = report ?? emptyWalkReport()
  const out: string[] = []
  for (const p of paths) {
    const abs = resolve(p)
    let st
    try {
      st = await stat(abs)
    } catch {
      throw new AppError('not_found', `No such file or folder: ${p}`, { path: abs })
    }
    if (st.isDirectory()) {
      const root = await realpath(abs)
      const named = rep.notTaken.listed.length
      // report paths as given on the command line, not through resolved links
      for await (const f of walkImages(root, { report: rep })) out.push(join(abs, f.rel))
      for (const f of rep.notTaken.listed.slice(named)) f.path = join(abs, relative(root, f.path))
    } else out.push(abs)
  }
  if (!report && rep.unreadable.length) throw unreadableFolders(rep.unreadable)
  return [...new Set(out)]
}

/** the error of a walk that could not read some folders, naming them */
export function unreadableFolders(unreadable: SkippedPath[]): AppError {
  const list = unreadable.map((u) => `${u.path} (${u.reason})`).join(', ')
  return new AppError('image_unreadable', `Could not read folder(s): ${list}`, { unreadable })
}

/**
 * What a --model argument means: 'demo' (the bundled tiny model), a folder path, or a downloaded
 * Hub name (owner/name, found in the models folder). Without an argument: the downloaded default
 * model (CLIP ViT-B/32) when it is there, else AppError('no_model') saying what to do.
 */
export function resolveModelArg(arg?: string | null): string {
  if (arg === 'demo') return demoModelDir()
  if (arg) {
    const abs = resolve(arg)
    if (existsSync(abs)) return abs
    if (/^[\w.-]+\/[\w.-]+$/.test(arg)) {
      const downloaded = defaultModelDir(arg)
      if (existsSync(downloaded)) return downloaded
    }
    return abs // loadModelFolder reports it as not found, with what to do
  }
  const dflt = defaultModelDir(DEFAULT_REPO)
  if (existsSync(join(dflt, 'config.json'))) return dflt
  throw new AppError(
    'no_model',
    `No model given and ${DEFAULT_REPO} is not downloaded (about 150 MB). Download it, choose a CLIP folder ` +
      `in the Hugging Face ONNX layout, or use the demo model (a tiny model that only knows coloured shapes).`,
    { remedy: 'choose_model' }
  )
}
