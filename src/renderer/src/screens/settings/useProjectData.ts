// The folders panel's and the pre-label screen's data, refetched whenever the project or a scan /
// pre-label job moves on. Job progress arrives several times a second, so reloads are coalesced:
// one request at a time, and one more after it if anything changed meanwhile (a reload that
// overtook every earlier one would never finish while a job runs).
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImageStatus, InvokeOutput, JobKind, JobProgress } from '../../../../shared/contract'
import { call } from '../../api'
import { useApp } from '../../context'
import { STALE, useLatest } from '../../lib/latest'

/**
 * The most recent job of a kind on the project at `projectPath` (jobs arrive in start order): a
 * job of the project open before (a pre-label run of the sample) is not this project's progress.
 */
export function latestJob(
  jobs: Record<string, JobProgress> | JobProgress[],
  kind: JobKind,
  projectPath: string | null
): JobProgress | null {
  return (
    Object.values(jobs)
      .filter((j) => j.kind === kind && j.project === projectPath)
      .at(-1) ?? null
  )
}

/** Changes whenever the open project or its scan / pre-label progress does. */
function useProjectStamp(): string {
  const { project, jobs } = useApp()
  // about 50 steps per run: a count over every image of a big project is not free, and the
  // server is busy with the job itself
  const job = (k: JobKind): string => {
    const j = latestJob(jobs, k, project?.path ?? null)
    return j ? `${j.jobId}:${j.state}:${j.total > 0 ? Math.floor((j.done * 50) / j.total) : j.done}` : ''
  }
  return [
    project?.path ?? '',
    project ? JSON.stringify(project.counts) : '',
    project?.roots.join('\n') ?? '',
    job('scan'),
    job('prelabel')
  ].join('|')
}

function useCoalesced<T>(load: () => Promise<T>, stamp: string): { value: T | null; reload(): void } {
  const latest = useLatest()
  const [value, setValue] = useState<T | null>(null)
  const busy = useRef(false)
  const again = useRef(false)
  const reload = useCallback(() => {
    if (busy.current) {
      again.current = true
      return
    }
    busy.current = true
    void (async () => {
      try {
        do {
          again.current = false
          const v = await latest.run(load).catch(() => null) // no project (closed meanwhile): nothing to show
          if (v !== STALE) setValue(v)
        } while (again.current)
      } finally {
        busy.current = false
      }
    })()
  }, [latest, load])
  useEffect(() => reload(), [stamp, reload])
  return { value, reload }
}

/** Counts and the unreadable files, from one read of the project file. */
export function useImageStatus(): { status: ImageStatus | null; reload(): void } {
  const { api, project } = useApp()
  const open = project !== null
  const load = useCallback(async () => (open ? call(api, 'project.unreadable', {}) : null), [api, open])
  const r = useCoalesced(load, useProjectStamp())
  return { status: r.value, reload: r.reload }
}

export function useFolders(): { data: InvokeOutput<'project.roots'> | null; reload(): void } {
  const { api, project } = useApp()
  const open = project !== null
  const load = useCallback(async () => (open ? call(api, 'project.roots', {}) : null), [api, open])
  const r = useCoalesced(load, useProjectStamp())
  return { data: r.value, reload: r.reload }
}
