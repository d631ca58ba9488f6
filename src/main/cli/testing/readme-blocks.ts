// The README's runnable blocks: each `<!-- readme-test: NAME -->` followed by a ```sh block, as
// its command lines (blank lines and comment lines dropped). Test-only helper.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './harness'

export function readmeBlock(name: string): string[] {
  const md = readFileSync(join(REPO, 'README.md'), 'utf8')
  const re = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``)
  const m = md.match(re)
  return m ? m[1]!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')) : []
}
