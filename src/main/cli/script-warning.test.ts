// A label or template in a script the model cannot read is said when it is written (init, labels
// add), not found out later from confident nonsense; the project is still made as asked.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { runZebra, workDir } from './testing/harness'

const cwd = workDir('zebra-script-')
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

it('init and labels add warn about a script the model was not trained on, and still do the work', async () => {
  const init = await runZebra(
    [
      'init',
      'zoo.zebra',
      '--images',
      'photos',
      '--labels',
      'zebra',
      '--labels',
      '斑马',
      '--templates',
      '一张{}的照片'
    ],
    { cwd }
  )
  expect(init.code).toBe(0)
  expect(init.stderr).toContain(
    'This label is written in a script the model was not trained on: "斑马" (Han)'
  )
  expect(init.stderr).toContain(
    'This template is written in a script the model was not trained on: "一张{}的照片" (Han)'
  )
  expect(init.stderr).not.toContain('"zebra"')

  const add = await runZebra(['labels', 'add', join(cwd, 'zoo.zebra'), 'кошка', '--no-rescore'], { cwd })
  expect(add.code).toBe(0)
  expect(add.stdout).toContain('added: кошка')
  expect(add.stderr).toContain('"кошка" (Cyrillic)')

  const english = await runZebra(['labels', 'add', 'zoo.zebra', 'horse', '--no-rescore'], { cwd })
  expect(english.code).toBe(0)
  expect(english.stderr).not.toContain('warning')
  const list = await runZebra(['labels', 'list', 'zoo.zebra', '--json'], { cwd })
  expect((JSON.parse(list.stdout) as { name: string }[]).map((l) => l.name)).toEqual([
    'zebra',
    '斑马',
    'кошка',
    'horse'
  ])
}, 120_000)

it('labels add is quiet about what the project’s model reads: the demo model’s Chinese words', async () => {
  const init = await runZebra(['init', 'shapes.zebra', '--images', 'photos', '--labels', 'red'], { cwd })
  expect(init.code).toBe(0)
  const pre = await runZebra(['prelabel', 'shapes.zebra', '--model', 'demo'], { cwd })
  expect(pre.code).toBe(0)
  const zh = await runZebra(['labels', 'add', 'shapes.zebra', '红色', '--no-rescore'], { cwd })
  expect(zh.code).toBe(0)
  expect(zh.stderr).not.toContain('warning')
  const ru = await runZebra(['labels', 'add', 'shapes.zebra', 'красный', '--no-rescore'], { cwd })
  expect(ru.stderr).toContain('"красный" (Cyrillic)')
  expect(ru.stderr).toContain('The demo model reads English and the Chinese words of its world')
}, 180_000)
