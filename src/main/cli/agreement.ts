// zebra agreement: how far the annotators of a project agree (an exported or merged project whose
// log holds several annotators). The numbers are the app's: services/core/agreement.ts.
import { Option, type Command } from 'commander'
import { agreementReport } from '../services/core/agreement'
import { agreementMarkdown, agreementTable } from './agreement-format'
import { out, withProject } from './io'

export function registerAgreementCommand(program: Command): void {
  program
    .command('agreement')
    .description(
      "inter-annotator agreement: Krippendorff's alpha, percent agreement, Cohen's kappa per pair, per label or tag"
    )
    .argument('<project>')
    .addOption(
      new Option('--format <format>', 'table | markdown | json')
        .choices(['table', 'markdown', 'json'])
        .default('table')
    )
    .action((file: string, o: { format: 'table' | 'markdown' | 'json' }) =>
      withProject(file, async (p) => {
        const r = agreementReport(p)
        if (o.format === 'json') out(r)
        else out(o.format === 'markdown' ? agreementMarkdown(r).trimEnd() : agreementTable(r))
      })
    )
}
