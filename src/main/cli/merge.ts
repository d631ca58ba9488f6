// zebra merge TARGET SOURCE…: folds the decision logs of copies of a project that annotators
// worked on offline into TARGET (db/merge.ts: each decision once, "latest decision wins"). The
// copies are only read. Exit 0 when everything merged (unmatched images are listed, not a failure),
// 1 when a decision could not be merged or a copy was refused, 2 on usage errors.
import type { Command } from 'commander'
import { mergeFailed, mergeReportLines } from '../../shared/merge'
import { mergeProjects } from '../db/merge'
import { outJsonOr, withProject } from './io'
import { EXIT_FAILURE } from './run'

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('fold the decisions of copies of a project, decided offline, into it (each decision once)')
    .argument('<target>', 'the project to merge into')
    .argument('<sources...>', 'copies of it (opened read-only, never changed)')
    .option('--dry-run', 'report what would be merged; write nothing')
    .option('--json', 'the report as JSON')
    .action((target: string, sources: string[], o: { dryRun?: boolean; json?: boolean }) =>
      withProject(target, async (p) => {
        const report = mergeProjects(p.db, p.path, sources, { dryRun: o.dryRun === true })
        outJsonOr(report, o.json, () => mergeReportLines(report).join('\n'))
        if (mergeFailed(report)) process.exitCode = EXIT_FAILURE
      })
    )
}
