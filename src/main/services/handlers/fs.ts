// The fs.* channel: the folder picker's listing (browser mode has no native dialog).
import type { Handlers } from '../../../shared/contract'
import { listDir } from '../core/fs'

export type FsHandlers = Pick<Handlers, 'fs.list'>

export function createFsHandlers(): FsHandlers {
  return {
    'fs.list': async ({ path }) => listDir(path)
  }
}
