// `zebra models list`: the catalog (clip/catalog.ts) with what the models folder has of each, the
// bundled demo model, and any other model folder found there.
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Variant } from '../../shared/contract'
import { CATALOG, catalogVariants, downloadMB, type CatalogEntry } from '../clip/catalog'
import { defaultModelDir } from '../clip/download'
import { availableVariants } from '../clip/model-folder'
import { folderVariants } from '../clip/immich-folder'
import { demoModelDir, modelsDir } from '../paths'

export interface ModelRow {
  /** Hub repo (owner/name), 'demo', or the folder's name */
  name: string
  dir: string
  variants: Variant[]
  downloaded: boolean
  demo: boolean
  /** the catalog entry, for models in the catalog */
  catalog?: CatalogEntry
}

export function modelRows(): ModelRow[] {
  const demo = demoModelDir()
  const rows: ModelRow[] = [
    { name: 'demo', dir: demo, variants: availableVariants(demo), downloaded: true, demo: true }
  ]
  const seen = new Set<string>()
  for (const e of CATALOG) {
    const dir = defaultModelDir(e.repo)
    const has = existsSync(join(dir, 'config.json'))
    seen.add(resolve(dir))
    rows.push({
      name: e.repo,
      dir,
      variants: has ? folderVariants(dir) : [],
      downloaded: has,
      demo: false,
      catalog: e
    })
  }
  const root = modelsDir()
  if (existsSync(root)) {
    for (const d of readdirSync(root, { withFileTypes: true })) {
      const dir = join(root, d.name)
      if (!d.isDirectory() || seen.has(resolve(dir)) || !existsSync(join(dir, 'config.json'))) continue
      rows.push({
        name: d.name.replace('--', '/'),
        dir,
        variants: folderVariants(dir),
        downloaded: true,
        demo: false
      })
    }
  }
  return rows
}

const fmtMB = (mb: number | null): string =>
  mb === null ? '–' : mb >= 1000 ? `${(mb / 1000).toFixed(2)} GB` : `${Math.round(mb)} MB`

function speedText(e: CatalogEntry): string {
  const s = e.speed.imagesPerSecond
  const parts = catalogVariants(e)
    .filter((v) => s[v] !== undefined)
    .map((v) => `${s[v]} ${v}`)
  return `${parts.join(' / ')} img/s${e.speed.basis === 'measured' ? '' : ' (est.)'}`
}

/** The human-readable listing: one block per model. */
export function formatModelRows(rows: ModelRow[]): string {
  const out: string[] = []
  for (const r of rows) {
    const state = r.demo
      ? `bundled, only knows coloured shapes (${r.variants.join(', ')})`
      : r.downloaded
        ? r.variants.length
          ? `downloaded: ${r.variants.join(', ')}`
          : 'incomplete: run `zebra models verify`'
        : 'not downloaded'
    const e = r.catalog
    if (!e) {
      out.push(`${r.name.padEnd(34)} ${state}\n  ${r.dir}`)
      continue
    }
    const sizes = catalogVariants(e)
      .map((v) => `${v} ${fmtMB(downloadMB(e, v))}${e.sizes[v]?.approx ? ' (approx.)' : ''}`)
      .join(', ')
    out.push(
      [
        `${e.id.padEnd(18)} ${e.name} (${e.repo}): ${state}`,
        e.imagenetTop1 === null
          ? `  ImageNet zero-shot top-1: none published (${e.imagenetSource})`
          : `  ImageNet zero-shot top-1 ${e.imagenetTop1}% (${e.imagenetSource})`,
        `  download ${sizes}; default ${e.defaultVariant}`,
        `  CPU, 2 cores: ${speedText(e)}, text ${e.speed.promptsPerSecond} prompts/s; ${e.imageSize} px, ${e.embedDim}-d`,
        `  licence: ${e.licence}`,
        ...e.warnings.map((w) => `  warning: ${w}`),
        r.downloaded ? `  ${r.dir}` : `  zebra models download --model ${e.id}`
      ].join('\n')
    )
  }
  return out.join('\n') + '\n'
}

/** README's catalog table rows (README.md, between the catalog-table markers; a test keeps them equal). */
export function catalogMarkdownRows(): string[] {
  const size = (e: CatalogEntry, v: Variant): string => {
    const s = e.sizes[v]
    if (!s) return '–'
    const t = Math.round(s.vision + s.text)
    return s.approx ? `≈${t}` : String(t)
  }
  return CATALOG.map((e) => {
    const speed = catalogVariants(e)
      .filter((v) => e.speed.imagesPerSecond[v] !== undefined)
      .map((v) => `${e.speed.imagesPerSecond[v]} ${v}`)
      .join(', ')
    const est = e.speed.basis === 'measured' ? '' : ' (estimated)'
    const licence =
      e.family === 'mobileclip'
        ? 'Apple weights licence (apple-ascl)'
        : e.family === 'siglip2'
          ? 'Apache-2.0'
          : 'MIT'
    return `| \`${e.id}\` | ${e.name} (\`${e.repo}\`) | ${e.imageSize} px | ${e.imagenetTop1 === null ? '–' : `${e.imagenetTop1}%`} | ${size(e, 'quantized')} / ${size(e, 'fp32')} / ${size(e, 'fp16')} | ${speed}${est} | ${licence} |`
  })
}
