// A tags project from the new-project form to a tag pass, against `zebra serve` and the demo model
// on the sample images: the form creates a tags project, it is pre-labelled, 30 images are reviewed
// by keyboard (each tag's key toggles it, Shift+key marks it unsure, Enter decides the image) and
// the project file holds exactly what was pressed; then a tag pass marks every undecided image at or
// above a probability as one batch and one undo takes it back; exports to CSV, JSONL, Label Studio
// and Hugging Face are read back and checked against the project file.
import { cpSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { expect, test } from '@playwright/test'
import { shot } from './helpers'
import { ROOT, launchZebra, type Zebra } from './launch'

const TAGS = ['red', 'blue', 'green', 'circle', 'square', 'star', 'striped', 'dotted']
const STATE = { 1: 'present', 3: 'absent', 5: 'unsure' } as const

let z: Zebra
test.afterEach(async () => {
  await z?.close()
})

/** Each reviewed image's tags from the project file: relPath -> tag name -> state. */
function tagStates(projectFile: string): Map<string, Map<string, string>> {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        `SELECT i.rel_path AS relPath, l.name AS tag, t.state AS state
           FROM image_tags t JOIN images i ON i.id = t.image_id JOIN labels l ON l.id = t.label_id`
      )
      .all() as { relPath: string; tag: string; state: 1 | 3 | 5 }[]
    const out = new Map<string, Map<string, string>>()
    for (const r of rows) {
      const m = out.get(r.relPath) ?? new Map<string, string>()
      m.set(r.tag, STATE[r.state])
      out.set(r.relPath, m)
    }
    return out
  } finally {
    db.close()
  }
}

function count(projectFile: string, sql: string, ...args: unknown[]): number {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...args) as number
  } finally {
    db.close()
  }
}

test('a tags project: created, reviewed by keyboard, passed tag by tag', async () => {
  z = await launchZebra()
  const { page } = z
  // the demo world: 79 images of coloured shapes the demo model knows
  const images = join(z.home, 'world')
  cpSync(join(ROOT, 'resources', 'sample-world'), images, { recursive: true })
  const projectFile = join(z.home, 'shapes.zebra')
  await z.invoke('model.useDemo')

  // the new-project form, as a person fills it
  await page.goto(z.url)
  await page.getByLabel('Project file path').fill(projectFile)
  await page.getByLabel('Image folder path').fill(images)
  await page.getByRole('radio', { name: /^Tags \(any number per image\)/ }).check()
  await page.getByLabel('Labels, one per line').fill(TAGS.join('\n'))
  await page.getByLabel('Prompt templates, one per line').fill('a photo of a {} shape.')
  await page.getByRole('button', { name: 'Create project' }).click()
  await expect(page.getByRole('button', { name: 'Tag pass screen' })).toBeVisible()
  const running = async (): Promise<number> =>
    (await z.invoke<{ state: string }[]>('jobs.list')).filter((j) => j.state === 'running').length
  await expect.poll(running, { timeout: 60_000 }).toBe(0) // project.create scans first
  await z.invoke('prelabel.start', {})
  await expect.poll(running, { timeout: 60_000 }).toBe(0)
  expect(count(projectFile, "SELECT count(*) FROM project WHERE kind = 'tags'")).toBe(1)

  // review 30 images by keyboard: 0 unchecks every tag, a digit toggles its tag, Shift+digit
  // marks it unsure, Enter decides the image
  await page.getByRole('button', { name: 'Review screen' }).click()
  const file = page.getByTestId('review-file')
  await expect(page.getByTestId('tag-panel')).toBeVisible()
  await expect(page.getByRole('button', { name: /^red: .*\(key 1, Shift\+1 unsure\)$/ })).toBeVisible()
  // ? lists each tag's key beside the review keys
  await page.keyboard.press('?')
  await expect(page.getByTestId('keys-overlay')).toContainText('toggle striped')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('keys-overlay')).toBeHidden()
  const pressed = new Map<string, { present: string[]; unsure: string[] }>()
  for (let i = 0; i < 30; i++) {
    await expect(file).not.toHaveText(i === 0 ? '' : [...pressed.keys()].at(-1)!)
    const rel = (await file.textContent())!
    const present = [TAGS[i % 8]!, ...(i % 3 === 0 ? [TAGS[(i + 3) % 8]!] : [])]
    const unsure = i % 5 === 0 ? [TAGS[(i + 5) % 8]!] : []
    await page.keyboard.press('0')
    for (const t of present) {
      if (i === 1 && t === present[0]) {
        // found by name: / opens the search, Enter toggles the tag and hands the keys back
        await page.keyboard.press('/')
        await page.keyboard.type(t)
        await page.keyboard.press('Enter')
        await expect(page.getByRole('combobox', { name: 'Find a tag' })).not.toBeFocused()
      } else await page.keyboard.press(String(TAGS.indexOf(t) + 1))
    }
    for (const t of unsure) await page.keyboard.press(`Shift+Digit${TAGS.indexOf(t) + 1}`)
    if (i === 0) {
      await expect(page.getByRole('button', { name: /^red: present/ })).toBeVisible()
      await expect(page.getByRole('button', { name: /^star: unsure/ })).toBeVisible()
      await shot(page, '20-tags-review')
    }
    pressed.set(rel, { present, unsure })
    await page.keyboard.press('Enter')
  }
  await expect(file).not.toHaveText([...pressed.keys()].at(-1)!)
  await expect(page.getByTestId('counter-reviewed')).toHaveText(/^30 \/ \d+ reviewed$/)

  // the file holds 30 done images, each with every tag decided as pressed
  await expect.poll(() => count(projectFile, 'SELECT count(*) FROM images WHERE rv = 1')).toBe(30)
  const states = tagStates(projectFile)
  expect([...states.keys()].sort()).toEqual([...pressed.keys()].sort())
  for (const [rel, p] of pressed) {
    const want = new Map(
      TAGS.map((t) => [t, p.present.includes(t) ? 'present' : p.unsure.includes(t) ? 'unsure' : 'absent'])
    )
    expect(states.get(rel), rel).toEqual(want)
  }
  // each image is one action: one undo takes the last one back whole
  await page.keyboard.press('u')
  await expect(file).toHaveText([...pressed.keys()].at(-1)!)
  await expect.poll(() => count(projectFile, 'SELECT count(*) FROM images WHERE rv = 1')).toBe(29)
  await page.keyboard.press('Enter') // decided again, as shown (its tags are back to the model's)

  // the tag pass: red, undecided, everything at or above 0.5 marked present in one batch
  await page.getByRole('button', { name: 'Tag pass screen' }).click()
  await expect(page.getByTestId('pass-tile').first()).toBeVisible()
  await expect(page.getByTestId('tag-calibration')).toContainText(/Calibrated on|Cold start/)
  await page.getByRole('slider', { name: 'Probability threshold' }).fill('0.5')
  await page.getByRole('button', { name: 'Select p ≥ 0.50' }).click()
  const selected = page.getByTestId('tag-pass-selected')
  await expect(selected).toHaveText(/^\d+ selected \(p ≥ 50%, undecided\)$/)
  const n = Number(/^(\d+)/.exec((await selected.textContent())!)![1])
  expect(n).toBeGreaterThan(0)
  const redPresent = (): number =>
    count(
      projectFile,
      "SELECT count(*) FROM image_tags t JOIN labels l ON l.id = t.label_id WHERE l.name = 'red' AND t.state = 1"
    )
  const before = redPresent()
  await shot(page, '21-tag-pass')
  await page.getByRole('button', { name: 'Mark present' }).click()
  await expect.poll(redPresent).toBe(before + n)
  await expect(page.getByTestId('tag-pass-counts')).toContainText(`${before + n} present`)
  await page.getByRole('button', { name: 'Undo', exact: true }).click()
  await expect.poll(redPresent).toBe(before)
  await page.getByRole('button', { name: 'Next tag →' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'blue' })).toBeVisible()
  expect(z.output()).not.toMatch(/\[pageerror\]/)

  // exports: CSV, JSONL, Label Studio and HF of this project, each read back and checked
  // against the project file: every image with all its tags decided, with its present, absent and
  // unsure tags (the label files name images by rel_path; HF by file name in its split folders)
  const done = [...tagStates(projectFile)].filter(([, m]) => m.size === TAGS.length)
  expect(done).toHaveLength(30)
  const want = new Map(done.map(([rel, m]) => [rel, byState(m)]))
  const exportAs = async (format: string): Promise<string> => {
    const out = join(z.home, `export-${format}`)
    await page.getByRole('button', { name: 'Export labels' }).click()
    const dialog = page.getByTestId('export-dialog')
    await dialog.getByLabel('Export format').selectOption(format)
    await dialog.getByRole('textbox', { name: 'Output folder' }).fill(out)
    await dialog.getByRole('button', { name: 'Run export' }).click()
    // this export's own result (the dialog may still show the previous one while it runs)
    await expect(dialog.getByTestId('export-result')).toContainText(`30 images exported to ${out}`, {
      timeout: 30_000
    })
    if (format === 'labelstudio') await shot(page, '22-tags-export-label-studio')
    await dialog.getByRole('button', { name: 'Close export' }).click()
    return out
  }
  const split = (cell: string): string[] => (cell === '' ? [] : cell.split(';'))

  const csv = parse(readFileSync(join(await exportAs('csv'), 'labels.csv'), 'utf8'), {
    columns: true
  }) as Record<string, string>[]
  expect(
    new Map(
      csv.map((r) => [
        r.rel_path!,
        { present: split(r.tags!), absent: split(r.absent_tags!), unsure: split(r.unsure_tags!) }
      ])
    )
  ).toEqual(want)

  const jsonl = readFileSync(join(await exportAs('jsonl'), 'labels.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { rel_path: string; tags: string[]; absent_tags: string[]; unsure_tags: string[] }
    )
  expect(
    new Map(jsonl.map((r) => [r.rel_path, { present: r.tags, absent: r.absent_tags, unsure: r.unsure_tags }]))
  ).toEqual(want)

  const tasks = JSON.parse(readFileSync(join(await exportAs('labelstudio'), 'tasks.json'), 'utf8')) as {
    annotations: { result: { value: { choices: string[] } }[] }[]
    predictions: { score: number }[]
    meta: { zebra: { rel_path: string } }
  }[]
  expect(
    new Map(
      tasks.map((t) => [t.meta.zebra.rel_path, (t.annotations[0]!.result[0]?.value.choices ?? []).sort()])
    )
  ).toEqual(new Map([...want].map(([rel, w]) => [rel, [...w.present].sort()])))
  // every tag's probability rides along as a prediction, most probable first
  for (const t of tasks) expect(t.predictions).toHaveLength(TAGS.length)

  const hf = await exportAs('hf')
  const card = readFileSync(join(hf, 'README.md'), 'utf8')
  // the card declares labels a list of class labels, one class per tag
  expect(card).toMatch(/class_label/)
  for (const [i, t] of TAGS.entries()) expect(card).toMatch(new RegExp(`'${i}': ["']?${t}["']?\\n`))
  const rows = readdirSync(hf, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readFileSync(join(hf, d.name, 'metadata.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { file_name: string; labels: string[]; tag_states: string[] })
    )
  expect(rows).toHaveLength(30)
  const byName = new Map([...want].map(([rel, w]) => [rel.split('/').at(-1)!, w]))
  for (const r of rows) {
    const w = byName.get(r.file_name)!
    expect([...r.labels].sort()).toEqual([...w.present].sort())
    expect(r.tag_states.filter((s) => s === 'absent')).toHaveLength(w.absent.length)
    expect(r.tag_states.filter((s) => s === 'unsure')).toHaveLength(w.unsure.length)
  }
  expect(z.output()).not.toMatch(/\[pageerror\]/)
})

/** One image's tags by state, each list in the project's tag order (as the exports write them). */
function byState(m: Map<string, string>): { present: string[]; absent: string[]; unsure: string[] } {
  const of = (state: string): string[] => TAGS.filter((t) => m.get(t) === state)
  return { present: of('present'), absent: of('absent'), unsure: of('unsure') }
}
