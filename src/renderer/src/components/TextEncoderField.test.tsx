// The Model screen's text encoder choice: the downloaded M-CLIP encoders are offered beside the
// image model's own, a choice goes to project.setTextEncoder and the project it answers is shown;
// a refusal is said and the choice stays as it was.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { ProjectSummary } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { controlledApi, renderWith } from '../testing/controlled'
import { TextEncoderField } from './TextEncoderField'

afterEach(cleanup)

const row = (id: string, family: string, downloaded: boolean) => ({
  id,
  name: id === 'mclip-xlmr-b32' ? 'M-CLIP XLM-R Large for ViT-B/32 (multilingual)' : id,
  family,
  textEncoderFor: family === 'mclip' ? 'clip-vit-b32' : undefined,
  dir: `/models/${id}`,
  downloadedVariants: downloaded ? ['fp32'] : []
})

const project = (textEncoder: ProjectSummary['settings']['textEncoder']) =>
  ({ name: 'photos', settings: { textEncoder } }) as unknown as ProjectSummary

it('offers downloaded text encoders and sets the one chosen', async () => {
  const c = controlledApi()
  const shown: (ProjectSummary | null)[] = []
  renderWith(c, <TextEncoderField />, project(null), { setProject: (p) => void shown.push(p) })
  await act(async () => {
    c.take('model.catalog').resolve([
      row('clip-vit-b32', 'openai-clip', true),
      row('mclip-xlmr-b32', 'mclip', true),
      row('mclip-xlmr-l14', 'mclip', false)
    ])
  })
  const select = screen.getByRole('combobox', { name: 'Text encoder' }) as HTMLSelectElement
  expect([...select.options].map((o) => o.textContent)).toEqual([
    "the image model's own",
    'M-CLIP XLM-R Large for ViT-B/32 (multilingual) (for clip-vit-b32 projects)'
  ])
  fireEvent.change(select, { target: { value: 'mclip-xlmr-b32' } })
  const set = c.take('project.setTextEncoder')
  expect(set.input).toEqual({ model: 'mclip-xlmr-b32' })
  const chosen = project({
    dir: '/models/mclip-xlmr-b32',
    id: 'x',
    name: 'M-CLIP',
    embedDim: 512,
    modelId: 'm'
  })
  await act(async () => set.resolve(chosen))
  expect(shown).toEqual([chosen])
})

it('says why a choice was refused', async () => {
  const c = controlledApi()
  renderWith(c, <TextEncoderField />, project(null))
  await act(async () => c.take('model.catalog').resolve([row('mclip-xlmr-b32', 'mclip', true)]))
  fireEvent.change(screen.getByRole('combobox', { name: 'Text encoder' }), {
    target: { value: 'mclip-xlmr-b32' }
  })
  await act(async () =>
    c.take('project.setTextEncoder').reject(new AppError('invalid_input', 'gives 512-value text embeddings'))
  )
  expect(c.notes).toEqual(['gives 512-value text embeddings'])
  expect((screen.getByRole('combobox', { name: 'Text encoder' }) as HTMLSelectElement).value).toBe('')
})

it('says where to get one when none is downloaded', async () => {
  const c = controlledApi()
  renderWith(c, <TextEncoderField />, project(null))
  await act(async () => c.take('model.catalog').resolve([row('mclip-xlmr-b32', 'mclip', false)]))
  expect(screen.getByTestId('text-encoder').textContent).toMatch(/Download an M-CLIP text encoder below/)
})
