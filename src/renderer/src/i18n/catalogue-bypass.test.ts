// @vitest-environment node
// A string a person reads in the renderer comes from the catalogue: this runs the project's own
// ESLint config (eslint.config.mjs: eslint-plugin-i18next's no-literal-string and the JSX text
// rule) over src/renderer and expects nothing from those rules, and shows on small sources that the
// rules do catch a bypass.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const I18N_RULES = new Set(['i18next/no-literal-string', 'no-restricted-syntax'])
const eslint = new ESLint()

const bypasses = async (code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath: 'src/renderer/src/screens/Bypass.tsx' })
  return result!.messages.filter((m) => I18N_RULES.has(m.ruleId ?? '')).map((m) => m.message)
}

describe('renderer strings go through the catalogue', () => {
  it('no renderer file shows a literal string', async () => {
    const results = await eslint.lintFiles(['src/renderer/src'])
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => I18N_RULES.has(m.ruleId ?? ''))
        .map((m) => `${r.filePath.replace(/.*src\/renderer\//, '')}:${m.line}: ${m.message.slice(0, 120)}`)
    )
    expect(results.length).toBeGreaterThan(50)
    expect(found).toEqual([])
  }, 120_000)

  it('catches JSX text, a lone word, a visible attribute and a string in a JSX expression', async () => {
    // the plugin rule and the JSX text rule both see JSX text
    expect(await bypasses('export function Bypass() {\n  return <p>Hello there</p>\n}\n')).toHaveLength(2)
    // a lone lowercase word passes the plugin rule (it reads as a value) but not the JSX text rule
    expect(await bypasses('export function Bypass(n: number) {\n  return <p>{n} of</p>\n}\n')).toHaveLength(1)
    expect(
      await bypasses('export function Bypass() {\n  return <button aria-label="Close it" />\n}\n')
    ).toHaveLength(1)
    expect(
      await bypasses(
        "export function Bypass(x: boolean) {\n  return <p>{x ? 'Saved it' : 'Not saved'}</p>\n}\n"
      )
    ).toHaveLength(2)
  })

  it('lets through translated text, class names, test ids and symbols', async () => {
    const ok = [
      "import { useTranslation } from '../i18n'",
      'export function A(): React.JSX.Element {',
      "  const { t } = useTranslation('grid')",
      '  return (',
      '    <p className="muted small" data-testid="grid-count" role="status" title={t(\'grid.grid\')}>',
      "      {t('grid.grid')} × … — 1:1",
      '    </p>',
      '  )',
      '}',
      ''
    ].join('\n')
    expect(await bypasses(ok)).toEqual([])
  })
})
