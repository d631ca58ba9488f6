// `zebra compare --models`: every model with embeddings in the project scored side by side on the
// reviewed images (services/compare-models.ts). JSON output is ModelsReport
// (src/shared/models-report.ts).
import type { ModelsReport } from '../../shared/models-report'
import { pct } from '../../shared/prob'
import type { Project } from '../db/project'
import { compareModelsProject } from '../services/core/compare-models'
import { compareTagModelsProject } from '../services/core/compare-tag-models'
import { modelEngines } from '../services/core/model-engines'
import { tagModelsMarkdown } from './compare-tags'

const pctOrDash = (v: number | null): string => (v === null ? '–' : pct(v))
const esc = (s: string): string => s.replace(/\|/g, '\\|')

function modelsMarkdown(r: ModelsReport): string {
  const lines = [
    '# Which model for this dataset',
    '',
    `${r.images} reviewed images, ${r.labels.length} labels, template set "${esc(r.templateSet)}".`,
    ''
  ]
  if (r.note) lines.push(r.note, '')
  lines.push(
    '| model | variant | embedded | top-1 | top-5 | suggested threshold | images/s here | vs current |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  )
  for (const m of r.models) {
    const t = m.suggestedThreshold
    const threshold = t
      ? `≥ ${t.threshold.toFixed(2)} (${pct(t.coverage)} at ${pct(t.precision)})`
      : m.thresholdWithheld
        ? `withheld: ${m.thresholdWithheld.reason === 'too_few' ? 'too few reviewed' : 'one label'}`
        : m.top1 === null
          ? '–'
          : 'none reaches the target'
    const speed = m.speed
      ? `${m.speed.imagesPerS.toFixed(1)} (${m.speed.source}, ${m.speed.provider ?? '?'})`
      : '–'
    const vs = m.current
      ? 'current'
      : m.savedCorrections === null
        ? '–'
        : m.savedCorrections >= 0
          ? `would have saved ${m.savedCorrections} corrections`
          : `${-m.savedCorrections} more corrections`
    lines.push(
      `| ${esc(m.name)} | ${m.variant} | ${m.embedded} | ${pctOrDash(m.top1)} | ${pctOrDash(m.top5)} | ${threshold} | ${speed} | ${vs} |`
    )
  }
  const notes = r.models.filter((m) => m.problem || m.speedNote)
  if (notes.length) lines.push('')
  for (const m of notes) {
    if (m.problem) lines.push(`- ${esc(m.name)} (${m.variant}): ${m.problem}`)
    if (m.speedNote) lines.push(`- ${esc(m.name)} (${m.variant}) speed: ${m.speedNote}`)
  }
  const withheld = r.models.find((m) => m.thresholdWithheld)?.thresholdWithheld
  if (withheld) lines.push('', withheld.message)
  return `${lines.join('\n')}\n`
}

export async function compareModelsText(
  project: Project,
  format: 'json' | 'markdown',
  measure: boolean
): Promise<string> {
  const engines = modelEngines(project, null)
  try {
    if (project.kind === 'tags') {
      const r = await compareTagModelsProject(project, engines, { measure })
      return format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : tagModelsMarkdown(r)
    }
    const r = await compareModelsProject(project, engines, { measure })
    return format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : modelsMarkdown(r)
  } finally {
    await engines.dispose()
  }
}
