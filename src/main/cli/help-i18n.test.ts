// The CLI speaks the interface language: ZEBRA_LANG, else the app setting in the data folder.
// Run as a subprocess from a folder outside the repository, as a person would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runZebra } from './testing/harness'

const home = mkdtempSync(join(tmpdir(), 'zebra-cli-lang-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))
const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  LANG: 'en_US.UTF-8',
  LC_ALL: '',
  LC_MESSAGES: '',
  ZEBRA_LANG: '',
  ZEBRA_HOME: home,
  ...extra
})

/** The summaries of the "Commands:" part of a help text. */
function summaries(help: string, title: string): string[] {
  const part = help.split(title)[1] ?? ''
  return part
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => l.replace(/^ {2}\S.*?\s{2,}/, ''))
}

describe('the CLI in Chinese', () => {
  it('prints help with Chinese titles and a Chinese summary for every command', async () => {
    const r = await runZebra(['--help'], { cwd: home, env: env({ ZEBRA_LANG: 'zh' }) })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('用法：')
    expect(r.stdout).toContain('在图片文件夹上创建项目文件')
    const lines = summaries(r.stdout, '命令：')
    expect(lines.length).toBeGreaterThan(20)
    expect(lines.filter((l) => !/\p{Script=Han}/u.test(l))).toEqual([])
  })

  it('says what an error is in Chinese and keeps its details', async () => {
    const missing = join(home, 'nope.zebra')
    const r = await runZebra(['status', missing], { cwd: home, env: env({ ZEBRA_LANG: 'zh' }) })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('zebra: 未找到：')
    expect(r.stderr).toContain(missing)
  })

  it('stays English by default and follows the app setting without ZEBRA_LANG', async () => {
    const en = await runZebra(['--help'], { cwd: home, env: env({}) })
    expect(en.stdout).toContain('Usage: zebra')
    expect(en.stdout).toContain('create a project file over image folders')
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ language: 'zh' }))
    const zh = await runZebra(['--help'], { cwd: home, env: env({}) })
    expect(zh.stdout).toContain('用法：')
    const pinned = await runZebra(['--help'], { cwd: home, env: env({ ZEBRA_LANG: 'en' }) })
    expect(pinned.stdout).toContain('Usage: zebra')
    rmSync(join(home, 'settings.json'))
  })
})
