// A tags project from the new-project form to a tag pass, against `zebra serve` and the demo model
// on the sample images: the form creates a tags project, it is pre-labelled, 30 images are reviewed
// by keyboard (each tag's key toggles it, Shift+key marks it unsure, Enter decides the image) and
// the project file holds exactly what was pressed; then a tag pass marks every undecided image at or
// above a probability as one batch and one undo takes it back.
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
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

  // EXPORTS: checks of the tags exports (CSV / JSON / COCO / YOLO of this project file) go here,
  // after the review and the tag pass above; `pressed` holds what each reviewed image should carry.
})
