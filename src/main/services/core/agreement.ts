// A project's inter-annotator agreement report: what each annotator decided, read from the log
// (db/annotator-labels.ts), measured by eval/agreement-report.ts. The agreement room, the saved
// report and `zebra agreement` all come through here, so their numbers are one.
import type { AgreementReport } from '../../../shared/agreement'
import { agreementLabels, annotatorLabels, annotatorTags, logAnnotators } from '../../db/annotator-labels'
import type { Project } from '../../db/project'
import { labelAgreement, tagAgreement } from '../../eval/agreement-report'

export function agreementReport(project: Project, now = new Date()): AgreementReport {
  const db = project.db
  const annotators = logAnnotators(db)
  const labels = agreementLabels(db)
  return project.kind === 'tags'
    ? tagAgreement(annotatorTags(db), annotators, labels, now)
    : labelAgreement(annotatorLabels(db), annotators, labels, now)
}
