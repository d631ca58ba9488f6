// zebra project kind: one label per image (single) or any number of them (tags; docs/tags.md).
// Turning a project into a tags project makes each image's current label that tag, present; back
// to single is refused while an image has two tags present. The predictions of the old kind are
// dropped, so the suggestions are scored again from the cached embeddings, as the app does.
import { Argument, type Command } from 'commander'
import { PROJECT_KINDS, type ProjectKind } from '../../shared/contract'
import { setProjectKind } from '../db/tag-state'
import { out, withProject } from './io'
import { rescoreAfterChange } from './project/edit'

const described: Record<ProjectKind, string> = {
  single: 'one label per image',
  tags: 'a tags project: any number of its labels per image, decided per tag'
}

export function registerProjectKindCommand(program: Command): void {
  const project = program.command('project').description('a project’s kind: one label per image, or tags')
  project
    .command('kind')
    .description(
      'show the project’s kind, or change it (single | tags) and re-score from the cached embeddings'
    )
    .argument('<project>')
    .addArgument(new Argument('[kind]', PROJECT_KINDS.join(' | ')).choices(PROJECT_KINDS))
    .action((file: string, kind: ProjectKind | undefined) =>
      withProject(file, async (p) => {
        const was = p.kind
        if (kind === undefined || kind === was) {
          out(`${was}: ${described[was]}${kind === undefined ? '' : ' (unchanged)'}`)
          return
        }
        setProjectKind(p.db, kind)
        await rescoreAfterChange(p, true)
        out(`${kind}: ${described[kind]} (was ${was})`)
      })
    )
}
