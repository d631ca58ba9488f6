// `zebra prelabel` right after `zebra init`: a project that has no images yet was never scanned
// (or its folders were empty), so pre-labelling would do nothing and say "0 pre-labelled". It
// scans first, which costs one walk of the folders, and says so; still no images is an error.
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import { scanProject, scanSummary } from '../../jobs/scan'

export async function scanFirstIfEmpty(p: Project, say: (line: string) => void): Promise<void> {
  if (p.counts().images > 0) return
  const r = await scanProject(p, { onFileError: (f, why) => say(`unreadable: ${f}: ${why}`) })
  say(`scanned first (the project had no images yet): ${scanSummary(r)}`)
  if (p.counts().images === 0) {
    throw new AppError(
      'not_found',
      `No images in the project's folders (${p
        .roots()
        .map((r) => r.path)
        .join(', ')}): nothing to pre-label. Add images there, or add a folder that has them.`
    )
  }
}
