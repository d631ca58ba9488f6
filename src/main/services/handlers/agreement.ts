// The agreement.* channels: how far the project's annotators agree (Krippendorff's alpha, percent
// agreement, Cohen's kappa per pair, per label or tag), computed from the decision log. Keeping
// the last report in the project file is core/saved.ts's part, as for the compare report.
import type { Handlers } from '../../../shared/contract'
import { agreementReport } from '../core/agreement'
import type { ServiceContext } from '../core/context'

export type AgreementHandlers = Pick<Handlers, 'agreement.report'>

export function createAgreementHandlers(ctx: ServiceContext): AgreementHandlers {
  return {
    'agreement.report': async () => agreementReport(ctx.project())
  }
}
