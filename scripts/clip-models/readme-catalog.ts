// Rewrites README.md's catalog table from src/main/clip/catalog.ts (run from the repository root):
//   npx tsx scripts/clip-models/readme-catalog.ts
import { readFileSync, writeFileSync } from 'node:fs'
import { catalogMarkdownRows } from '../../src/main/cli/models-catalog'
const p = 'README.md'
const s = readFileSync(p, 'utf8')
const out = s.replace(
  /(<!-- catalog-table -->\n(?:.*\n){2})(?:(?:\|.*\n)+|CATALOG_ROWS\n)(<!-- \/catalog-table -->)/,
  (_m, head, tail) => `${head}${catalogMarkdownRows().join('\n')}\n${tail}`
)
writeFileSync(p, out)
