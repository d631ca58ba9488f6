// Formula-injection escaping of exported CSV (OWASP: a leading ' on text cells starting with
// = + - @ tab CR), on real exports of a real project whose labels and file names are hostile, the
// raw option and CLI flag, and the import reading Zebra's own export back unchanged.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { sampleImagesDir } from '../paths'
import { scanProject } from '../jobs/scan'
import { inertCell, parseCsv, toCsv, unescapeCell } from './csv'
import { exportProject } from './export'
import { importLabelsCsv } from './import'

const HOSTILE_LABELS = [
  '=HYPERLINK("http://evil.example/?x","click")',
  "+cmd|' /C calc'!A0",
  '@SUM(A1)',
  '-1+2'
]
const HOSTILE_FILES = ['=HYPERLINK(1).png', '+cmd.png', '@x.png', '-1+2.png']

describe('toCsv', () => {
  it('escapes text that a spreadsheet would run, never numbers', () => {
    const text = toCsv([
      ['label', 'prob', 'rank'],
      ['=1+1', -0.25, -1],
      ['\tx', 0.5, 2],
      ['\rx', null, undefined],
      ['plain, "quoted"', 1, 3],
      [' padded ', 0, 0]
    ])
    expect(text).toBe(
      [
        'label,prob,rank',
        `'=1+1,-0.25,-1`,
        `'\tx,0.5,2`,
        `"'\rx",,`,
        '"plain, ""quoted""",1,3',
        '" padded ",0,0',
        ''
      ].join('\n')
    )
    expect(parseCsv(text)[1]).toEqual(["'=1+1", '-0.25', '-1'])
  })

  it('writes raw values on request, and reads escaped cells back', () => {
    expect(toCsv([['=1+1', '-2', -2]], { raw: true })).toBe('=1+1,-2,-2\n')
    expect(toCsv([['-2']])).toBe("'-2\n") // text that looks negative is still text
    for (const s of [...HOSTILE_LABELS, 'plain', "'quoted already", "it's"]) {
      expect(unescapeCell(String(inertCell(s)))).toBe(s)
    }
  })

  it('parses BOMs, CRLF, quoted newlines and short rows', () => {
    expect(parseCsv('\uFEFFpath,label\r\n"a\nb.jpg",cat\r\n\r\nc.jpg\r\n')).toEqual([
      ['path', 'label'],
      ['a\nb.jpg', 'cat'],
      ['c.jpg']
    ])
  })
})

describe('export escaping on a real project', () => {
  let dir: string
  let p: Project
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zebra-csv-'))
    const root = join(dir, 'images')
    mkdirSync(root)
    for (const f of [...HOSTILE_FILES, 'plain.png'])
      copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), join(root, f))
    p = Project.create(join(dir, 'p.zebra'), {
      roots: [root],
      labels: HOSTILE_LABELS.map((name) => ({ name }))
    })
    await scanProject(p)
    const labels = p.labels()
    const images = p.db.prepare('SELECT id FROM images ORDER BY rel_path').pluck().all() as number[]
    appendDecisions(
      p.db,
      images.map((imageId, i) => ({
        imageId,
        kind: 'corrected' as const,
        labelId: labels[i % labels.length]!.id
      })),
      'ann',
      'bulk'
    )
  })
  afterEach(() => {
    p.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function table(file: string): Record<string, string>[] {
    const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'))
    return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])))
  }

  it('labels.csv and sources.csv come out inert; raw keeps them; import reads them back', async () => {
    await exportProject(p, { format: 'csv', outDir: join(dir, 'csv') })
    const rows = table(join(dir, 'csv', 'labels.csv'))
    expect(rows).toHaveLength(5)
    for (const r of rows) {
      expect(r.label).toMatch(/^'[=+\-@]/)
      expect(HOSTILE_LABELS).toContain(r.label!.slice(1))
      if (r.rel_path !== 'plain.png') expect(r.rel_path).toMatch(/^'[=+\-@]/)
      expect(r.path!.startsWith(dir)).toBe(true) // absolute paths never start with a trigger
    }
    expect(rows.find((r) => r.rel_path === 'plain.png')).toBeDefined()

    // an ImageFolder's sources.csv is a CSV too: inert; HF metadata.jsonl is JSON, exact
    await exportProject(p, { format: 'imagefolder', outDir: join(dir, 'if') })
    const sources = table(join(dir, 'if', 'sources.csv'))
    expect(sources).toHaveLength(5)
    // every label here starts with a trigger, and so does its folder, the start of each file cell
    for (const m of sources) {
      expect(m.label).toMatch(/^'[=+\-@]/)
      expect(m.file).toMatch(/^'[=+\-@]/)
    }
    await exportProject(p, { format: 'hf', outDir: join(dir, 'hf') })
    const meta = readFileSync(join(dir, 'hf', 'train', 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file_name: string; label: string })
    expect(meta.map((m) => m.file_name).sort()).toEqual(
      ['+cmd.png', '-1+2.png', '=HYPERLINK(1).png', '@x.png', 'plain.png'].sort()
    )
    for (const m of meta) expect(HOSTILE_LABELS).toContain(m.label)

    await exportProject(p, { format: 'csv', outDir: join(dir, 'raw'), csvRaw: true })
    const raw = table(join(dir, 'raw', 'labels.csv'))
    expect(raw.map((r) => r.label).sort()).toEqual(
      [...HOSTILE_LABELS, HOSTILE_LABELS[0]!].sort() // five images over four labels
    )

    // Zebra's own escaped export imports back to the same labels and images, no new labels
    const before = p.labels().length
    const r = await importLabelsCsv(p, join(dir, 'csv', 'labels.csv'), 'ann')
    expect(r).toEqual({ imported: 5, skipped: [] })
    expect(p.labels()).toHaveLength(before)
  })

  it('zebra export --csv-raw from a folder outside the repo writes values as stored', () => {
    p.close()
    const bin = join(__dirname, '..', '..', '..', 'bin', 'zebra.js')
    const env = { ...process.env, ZEBRA_HOME: join(dir, 'home') }
    const run = (...args: string[]): string => {
      const r = spawnSync(process.execPath, [bin, ...args], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 60_000
      })
      expect(r.status, r.stderr).toBe(0)
      return r.stdout
    }
    run('export', 'p.zebra', '--format', 'csv', '--out', 'safe')
    run('export', 'p.zebra', '--format', 'csv', '--out', 'raw', '--csv-raw')
    const safe = table(join(dir, 'safe', 'labels.csv'))
    const raw = table(join(dir, 'raw', 'labels.csv'))
    expect(safe.map((r) => r.label).every((l) => l!.startsWith("'"))).toBe(true)
    expect(raw.map((r) => r.label).every((l) => HOSTILE_LABELS.includes(l!))).toBe(true)
    expect(raw.find((r) => r.rel_path === '-1+2.png')).toBeDefined()
    p = Project.open(join(dir, 'p.zebra'))
  })
})
