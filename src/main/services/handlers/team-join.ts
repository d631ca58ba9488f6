// team.join as a job: the member's folders are scanned with count, rate and ETA on the job's
// progress, and the job can be cancelled (joinTeam then removes the file it began: no half copy is
// left to be mistaken for a good one). team.joinResult waits for the job, opens the copy and
// answers what was found and taken from the store; it opens the copy outside the job because
// opening a project first cancels and waits for every running job.
import { isAbsolute, join } from 'node:path'
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { withUser } from '../../db/pg/connect'
import { Project } from '../../db/project'
import type { ServiceContext } from '../core/context'
import type { SecretStore } from '../core/secret-store'
import { checkJoin, joinTeam, type JoinResult } from '../core/team-setup'
import { keepPassword, passwordFor } from '../core/team-passwords'

type JoinHandlers = Pick<Handlers, 'team.join' | 'team.joinResult'>

/** How many missing images a join answers by name (the count is always whole). */
const MISSING_SHOWN = 200

export function createTeamJoinHandlers(ctx: ServiceContext, secrets: SecretStore): JoinHandlers {
  const outcomes = new Map<string, { done: Promise<JoinResult>; keep(): Promise<void> }>()
  return {
    'team.join': async ({ url, annotator, password, images, to }) => {
      const memberUrl = withUser(url, annotator)
      const projects = join(ctx.dataDir, 'projects')
      const pw = await passwordFor(secrets, memberUrl, password)
      if (images.length === 0) throw new AppError('invalid_input', 'Add at least one image folder.')
      await checkJoin(url, annotator, pw)
      let settle: { ok(o: JoinResult): void; fail(e: unknown): void } | undefined
      const done = new Promise<JoinResult>((ok, fail) => (settle = { ok, fail }))
      done.catch(() => undefined) // answered by team.joinResult; nobody may ask
      const h = ctx.jobs.start(
        'team-join',
        async (jc) => {
          try {
            jc.progress(0, 0, 'connecting to the team’s server')
            const r = await joinTeam(url, {
              annotator,
              images,
              password: pw,
              // a bare file name goes to the projects folder, never to wherever the app was started
              to: to && !isAbsolute(to) ? join(projects, to) : to,
              dir: projects,
              signal: jc.signal,
              onProgress: (d, t) => jc.progress(d, t, 'scanning your folders'),
              onFileError: (f, why) => jc.fileError(f, why)
            })
            settle!.ok(r)
            return `joined “${r.name}”: ${r.matched} images found, ${r.missing.length} missing`
          } catch (err) {
            settle!.fail(err)
            throw err
          }
        },
        { exclusive: true }
      )
      outcomes.set(h.id, { done, keep: () => keepPassword(secrets, memberUrl, password) })
      return { jobId: h.id }
    },
    'team.joinResult': async ({ jobId }) => {
      const o = outcomes.get(jobId)
      if (!o) throw new AppError('not_found', `No join ${jobId} (joins are answered once, by this app).`)
      outcomes.delete(jobId)
      const r = await o.done
      // before opening: the background sync's first round asks the store for it
      await o.keep()
      const project = await ctx.openProject(Project.open(r.file))
      return {
        project,
        matched: r.matched,
        missing: r.missing.slice(0, MISSING_SHOWN),
        missingCount: r.missing.length,
        pulled: r.pulled,
        role: r.role,
        embeddings: r.embeddings,
        predictions: r.predictions,
        stale: r.stale
      }
    }
  }
}
