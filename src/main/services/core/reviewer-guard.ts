// Who may use the reviewer's tools on a team replica: its member's role, as the store last said
// (db/pg/member-role.ts). The store refuses an annotator's adjudicated rows anyway; this says so
// at once, before anything is decided locally that could never be sent. A plain project (one
// file, or copies merged into it) has no roles: everyone may review.
import { AppError } from '../../../shared/errors'
import { teamMembership } from '../../db/pg/member-role'
import type { Project } from '../../db/project'

/** Throws `unauthorized` unless the open project's member may adjudicate (`what`: the tool). */
export function assertReviewer(project: Project, what: string): void {
  const team = teamMembership(project.db)
  if (!team || team.role === 'reviewer') return
  if (team.role === 'annotator') {
    throw new AppError(
      'unauthorized',
      `${what} is for reviewers: "${team.annotator}" is an annotator of this team project. Its owner can make you a reviewer (zebra team add … ${team.annotator} --reviewer).`
    )
  }
  throw new AppError(
    'unauthorized',
    `${what} is for reviewers, and Zebra does not know yet whether "${team.annotator}" is one: it finds out when this copy next reaches the team's server.`
  )
}
