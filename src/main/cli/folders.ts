// `zebra folders list|add|remove <project> [dir]`: a project's image folders, the same
// steps as the app's Folders panel. Results on stdout (--json where offered), messages on stderr.
import type { Command } from 'commander'
import type { RootInfo } from '../../shared/contract'
import { describeNotTaken, type NotTaken } from '../../shared/not-taken'
import type { Project } from '../db/project'
import { addFolder, listFolders, removeFolder } from '../jobs/folders'
import { readLastScan } from '../jobs/last-scan'
import { scanProject, scanSummary } from '../jobs/scan'
import { out, withProject } from './io'
import { createProgress, type Progress } from './progress'

function notTakenLine(nt: NotTaken): string {
  const line = describeNotTaken(nt)
  return line ? `; ${line}` : ''
}

function folderLine(r: RootInfo): string {
  const gone = r.exists ? '' : ' — not found now (a disconnected drive?); its images are kept as they were'
  return `${r.path}: ${r.images} images (${r.ok} ok, ${r.unreadable} unreadable, ${r.missing} missing), ${r.prelabeled} with suggestions, ${r.decided} labelled${gone}`
}

async function scanWithBar(p: Project): ReturnType<typeof scanProject> {
  // the bar appears once the scan knows how many files it reads (none when nothing changed)
  const bar: { current: Progress | null } = { current: null }
  try {
    return await scanProject(p, {
      onProgress: (d, t) => {
        bar.current ??= createProgress('scan', t)
        bar.current.update(d)
      },
      onFileError: (f, why) => process.stderr.write(`unreadable: ${f}: ${why}\n`)
    })
  } finally {
    bar.current?.stop()
  }
}

export function registerFolderCommands(program: Command): void {
  const folders = program
    .command('folders')
    .description("list, add or remove a project's image folders (removing keeps the decision log)")

  folders
    .command('list')
    .description('the image folders with their image counts, and what the last scan found')
    .argument('<project>')
    .option('--json', 'print { roots, lastScan } as JSON')
    .action((file: string, o: { json?: boolean }) =>
      withProject(file, async (p) => {
        const roots = listFolders(p)
        const lastScan = readLastScan(p.db)
        if (o.json) return out({ roots, lastScan })
        out(roots.map(folderLine).join('\n'))
        process.stderr.write(
          lastScan
            ? `last scan ${lastScan.at}: ${lastScan.total} files, ${lastScan.added} new, ${lastScan.changed} changed, ${lastScan.moved} moved, ${lastScan.missing} missing, ${lastScan.unreadable} unreadable${notTakenLine(lastScan.notTaken)}\n`
            : 'not scanned yet: run zebra scan\n'
        )
      })
    )

  folders
    .command('add')
    .description('add an image folder and scan it (a removed folder comes back with its decisions)')
    .argument('<project>')
    .argument('<dir>', 'the image folder')
    .option('--no-scan', 'only add it; the next scan indexes its images')
    .option('--json', 'print { root, restored, scan } as JSON')
    .action((file: string, dir: string, o: { scan: boolean; json?: boolean }) =>
      withProject(file, async (p) => {
        const r = addFolder(p, dir)
        process.stderr.write(
          r.already
            ? `${r.root.path} is already a folder of this project\n`
            : `Added ${r.root.path}${r.restored ? ' (removed before: its decided images come back with the scan)' : ''}\n`
        )
        const scan = o.scan && !r.already ? await scanWithBar(p) : null
        const root = listFolders(p).find((f) => f.id === r.root.id) ?? r.root
        if (o.json) out({ root, restored: r.restored, scan })
        else out(scan ? `${folderLine(root)}\n${scanSummary(scan)}` : folderLine(root))
        // folders it could not read: the scan did not do all its work
        if (scan?.unreadableFolders.length) process.exitCode = 1
      })
    )

  folders
    .command('remove')
    .description(
      "remove an image folder: its images leave the project; decisions made on them stay in the project's log"
    )
    .argument('<project>')
    .argument('<dir>', 'the folder, as listed by `zebra folders list`')
    .option('--json', 'print { path, images, kept } as JSON')
    .action((file: string, dir: string, o: { json?: boolean }) =>
      withProject(file, async (p) => {
        const r = removeFolder(p, dir)
        if (o.json) return out({ path: r.path, images: r.images, kept: r.kept })
        out(
          `Removed ${r.path}: ${r.images} images left the project (counts, review, export).` +
            (r.kept
              ? ` ${r.kept} of them have decisions, which stay in the project's log: add the folder again to bring them back.`
              : '')
        )
      })
    )
}
