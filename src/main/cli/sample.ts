// zebra sample: the app's "Try it" sample project as a file, for scripts: the demo world's images
// (resources/sample-world) with the sample's labels and templates, read by the bundled demo model;
// --language zh gives the Chinese labels (斑马 told by its description), --tags the tags sample.
import type { Command } from 'commander'
import { invokeSchemas } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { SAMPLE_LANGUAGES } from '../../shared/sample'
import { createSampleProject } from '../demo-world/sample-create'
import { sampleSpec } from '../demo-world/sample-spec'
import { dataDir } from '../paths'
import { touchRecent } from '../settings'
import { validInput } from './validate'

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description(
      "create the sample project: the demo world's images and labels, read by the bundled demo model"
    )
    .argument('<project>', 'project file to create (e.g. sample.zebra)')
    .option('--language <lang>', `the labels' language: ${SAMPLE_LANGUAGES.join(' or ')}`, 'en')
    .option('--tags', 'the tags sample: shapes, colours, striped and dotted, any number per image')
    .action((file: string, o: { language: string; tags?: boolean }) => {
      if (!(SAMPLE_LANGUAGES as readonly string[]).includes(o.language))
        throw new AppError(
          'invalid_input',
          `--language ${o.language}: the sample's labels are in ${SAMPLE_LANGUAGES.join(' or ')}.`
        )
      const input = validInput(invokeSchemas['project.openSample'], {
        kind: o.tags ? 'tags' : undefined,
        language: o.language
      })
      const spec = sampleSpec(input.kind === 'tags', input.language === 'zh')
      const p = createSampleProject(file, input.kind === 'tags', input.language === 'zh')
      try {
        touchRecent(dataDir(), p.path, p.name)
        process.stderr.write(
          `Created ${p.path}: ${spec.name}, ${p.labels().length} ${input.kind === 'tags' ? 'tags' : 'labels'} ` +
            `(${p
              .labels()
              .map((l) => l.name)
              .join(', ')}); next: zebra prelabel ${file}\n`
        )
      } finally {
        p.close()
      }
    })
}
