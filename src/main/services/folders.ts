// project.roots / addRoot / removeRoot / unreadable: the folders screen and the pre-label screen's
// numbers. Adding a folder scans it; removing one waits for no scan, and refuses while
// pre-labelling runs (it would write suggestions for images the removal deletes).
import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { imageStatus } from '../db/image-status'
import { addFolder, listFolders, removeFolder } from '../jobs/folders'
import { readLastScan } from '../jobs/last-scan'
import type { ServiceState } from './state'

export type FolderHandlers = Pick<
  Handlers,
  'project.roots' | 'project.addRoot' | 'project.removeRoot' | 'project.unreadable'
>

export function createFolderHandlers(st: ServiceState): FolderHandlers {
  const { ctx } = st

  /** A running scan walks the folders as they were when it started: stop it before changing them. */
  const stopScan = async (): Promise<boolean> => {
    const running = ctx.jobs.running().filter((j) => j.kind === 'scan')
    for (const j of running) ctx.jobs.cancel(j.jobId)
    await Promise.all(running.map((j) => ctx.jobs.finished(j.jobId)))
    return running.length > 0
  }

  return {
    'project.roots': async () => {
      const p = ctx.project()
      return { roots: listFolders(p), lastScan: readLastScan(p.db) }
    },
    'project.addRoot': async ({ path }) => {
      const p = ctx.project()
      const r = addFolder(p, path)
      if (r.already) return { root: r.root, jobId: null, restored: false }
      await stopScan()
      ctx.emit('project.changed', { reason: 'folders' })
      return { root: r.root, jobId: st.startScan(p), restored: r.restored }
    },
    'project.removeRoot': async ({ id }) => {
      const p = ctx.project()
      if (ctx.jobs.running().some((j) => j.kind === 'prelabel' || j.kind === 'rescore'))
        throw new AppError(
          'busy',
          'Pre-labelling is running: cancel it (or let it finish) before removing a folder.'
        )
      const wasScanning = await stopScan()
      const r = removeFolder(p, id)
      ctx.emit('project.changed', { reason: 'folders' })
      // the stopped scan had more to do in the other folders
      if (wasScanning) st.startScan(p)
      return { path: r.path, images: r.images, kept: r.kept }
    },
    // one read of the project file: the counts and the list are of the same moment
    'project.unreadable': async ({ limit }) => imageStatus(ctx.project(), limit)
  }
}
