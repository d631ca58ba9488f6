// Child process for the concurrency tests: opens a project and does what argv[3] says, printing
// one line per step so the parent can interleave.
//   hold-write FILE   begins an IMMEDIATE transaction and holds it until stdin closes
//   hold-write-for FILE MS   the same, but commits by itself MS ms after "holding" (for a parent
//                            that blocks in a synchronous SQLite call meanwhile)
//   decide FILE IMAGE_ID N   appends N decisions on the image, printing "ack <id>" after each commit
import { Project } from '../project'
import { appendDecisions } from '../decisions'

const [, , mode, file, a, b] = process.argv
if (mode === 'hold-write') {
  const p = Project.open(file!)
  p.db.exec('BEGIN IMMEDIATE')
  p.db.prepare("UPDATE project SET name = 'held' WHERE id = 1").run()
  process.stdout.write('holding\n')
  process.stdin.resume()
  process.stdin.on('end', () => {
    p.db.exec('ROLLBACK')
    p.close()
    process.exit(0)
  })
} else if (mode === 'hold-write-for') {
  const p = Project.open(file!)
  p.db.exec('BEGIN IMMEDIATE')
  p.db.prepare("UPDATE project SET name = 'held' WHERE id = 1").run()
  process.stdout.write('holding\n')
  setTimeout(() => {
    p.db.exec('COMMIT')
    p.close()
    process.exit(0)
  }, Number(a))
} else if (mode === 'decide') {
  const p = Project.open(file!)
  const imageId = Number(a)
  const n = Number(b)
  const kinds = ['skipped', 'unsure', 'rejected'] as const
  for (let i = 0; i < n; i++) {
    const [id] = appendDecisions(p.db, [{ imageId, kind: kinds[i % kinds.length]! }], 'child')
    // the ack is printed only after the commit returned: everything acked must survive kill -9
    process.stdout.write(`ack ${id}\n`)
  }
  p.close()
} else {
  process.stderr.write(`unknown mode ${mode}\n`)
  process.exit(2)
}
