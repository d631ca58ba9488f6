// `zebra import-labels`: labels from another tool as decisions. With --format, a dry run first
// (--dry-run) reports matched and unmatched images and unknown labels; without --dry-run the
// changed labels are written as one undoable batch. --csv FILE is the original CSV import
// (labels created as needed, every matched row written).
import { AppError } from '../../shared/errors'
import type { Command } from 'commander'
import { IMPORT_FORMATS, type ImportFormat } from '../../shared/contract'
import { importLabelsCsv } from '../export/import'
import { formatImportSummary, importLabels } from '../export/importers'
import { out, withProject } from './io'
import { annotatorName } from './project/common'

interface ImportOpts {
  csv?: string
  format?: string
  dryRun?: boolean
  createLabels?: boolean
  annotator?: string
  json?: boolean
}

export function registerImportCommand(program: Command): void {
  program
    .command('import-labels')
    .description(
      'import labels (CSV, JSONL, Label Studio, ImageFolder/YOLO/FiftyOne tree, CVAT ImageNet, FiftyOne JSON, Hugging Face, COCO labels; tag lists into a tags project)'
    )
    .argument('<project>')
    .argument('[path]', 'file or folder to import (with --format)')
    .option('--format <format>', IMPORT_FORMATS.join(' | '))
    .option('--dry-run', 'only report what would change: matched, unmatched, unknown labels')
    .option('--create-labels', 'add labels the project lacks (otherwise their images are left out)')
    .option(
      '--csv <file>',
      'CSV with columns path,label (path relative to an image folder, or absolute); creates labels'
    )
    .option('--annotator <name>', 'recorded as the decisions’ annotator (default: as for every decision)')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, path: string | undefined, o: ImportOpts) => {
      if (o.csv && (path || o.format))
        throw new AppError('invalid_input', 'use either --csv FILE or PATH --format FORMAT')
      if (!o.csv && !path)
        throw new AppError('invalid_input', 'name the file or folder to import (PATH), with --format')
      if (!o.csv && !(IMPORT_FORMATS as readonly string[]).includes(o.format ?? ''))
        throw new AppError('invalid_input', `--format: one of ${IMPORT_FORMATS.join(', ')}`)
      await withProject(file, async (p) => {
        if (o.csv) {
          const r = await importLabelsCsv(p, o.csv, annotatorName(o.annotator))
          for (const s of r.skipped.slice(0, 20)) process.stderr.write(`line ${s.line}: ${s.reason}\n`)
          if (r.skipped.length > 20) process.stderr.write(`… ${r.skipped.length - 20} more skipped\n`)
          out(o.json ? r : `${r.imported} imported, ${r.skipped.length} skipped`)
          return
        }
        const s = await importLabels(p, {
          format: o.format as ImportFormat,
          path: path!,
          dryRun: o.dryRun ?? false,
          createLabels: o.createLabels ?? false,
          annotator: annotatorName(o.annotator)
        })
        out(o.json ? s : formatImportSummary(s))
      })
    })
}
