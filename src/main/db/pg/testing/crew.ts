// The chaos test's annotator processes (annotator.ts, run with tsx): started, SIGKILLed and
// started again on the same replica; their progress (decisions acknowledged by pushes) read from
// their output. A process that exits on its own must exit 0; anything else fails the run.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { AnnotatorConfig } from './annotator'

const SCRIPT = join(__dirname, 'annotator.ts')
const TSX = require.resolve('tsx/cjs')

export interface Crew {
  /** SIGKILLs one running annotator (chosen by `pick` among them); its restart follows at once. */
  killOne(pick: (n: number) => number): string | null
  /** decisions acknowledged so far, as the processes reported them */
  acked(): number
  kills(): number
  /** resolves when every annotator has finished (exit 0); rejects on any other exit */
  done: Promise<void>
  /** kills whatever still runs (cleanup) */
  stop(): void
}

export function startCrew(
  configs: AnnotatorConfig[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  onAck: (total: number) => void
): Crew {
  const running = new Map<string, ChildProcess>()
  const killed = new Set<ChildProcess>()
  let acked = 0
  let kills = 0
  let finished = 0
  let settle: { ok: () => void; fail: (e: Error) => void }
  const done = new Promise<void>((ok, fail) => (settle = { ok, fail }))

  function start(cfg: AnnotatorConfig): void {
    const child = spawn(process.execPath, ['-r', TSX, SCRIPT, JSON.stringify(cfg)], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    running.set(cfg.name, child)
    let err = ''
    let partial = ''
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()))
    child.stdout!.on('data', (b: Buffer) => {
      const lines = (partial + b.toString()).split('\n')
      partial = lines.pop()!
      for (const l of lines) {
        const m = /^acked (\d+)$/.exec(l)
        if (m) acked += Number(m[1])
      }
      onAck(acked)
    })
    child.on('exit', (code, signal) => {
      if (running.get(cfg.name) === child) running.delete(cfg.name)
      if (killed.has(child)) return start(cfg) // resumes on the same replica
      if (code === 0) {
        if (++finished === configs.length) settle.ok()
        return
      }
      settle.fail(new Error(`annotator ${cfg.name} exited ${code ?? signal}: ${err.trim()}`))
    })
  }
  for (const c of configs) start(c)

  return {
    killOne(pick) {
      const live = [...running.entries()].filter(([, c]) => c.exitCode === null && !killed.has(c))
      if (live.length === 0) return null
      const [name, child] = live[pick(live.length)]!
      killed.add(child)
      child.kill('SIGKILL')
      kills++
      return name
    },
    acked: () => acked,
    kills: () => kills,
    done,
    stop() {
      for (const c of running.values()) {
        killed.delete(c)
        c.removeAllListeners('exit')
        c.kill('SIGKILL')
      }
    }
  }
}
