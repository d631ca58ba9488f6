// The Model screen's choice of the open project's text encoder (docs/multilingual.md): the image
// model's own, or a downloaded M-CLIP encoder that scores the project's cached image embeddings
// against labels in ~100 languages. Choosing re-scores every image; none is embedded again.
import { useEffect, useState } from 'react'
import type { CatalogModel } from '../../../shared/catalog'
import { call, toAppError } from '../api'
import { useApp } from '../context'

const OWN = ''

export function TextEncoderField(): React.JSX.Element | null {
  const { api, project, setProject, notify, model } = useApp()
  const [encoders, setEncoders] = useState<CatalogModel[]>([])
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    let live = true
    void call(api, 'model.catalog', {})
      .then((rows) => live && setEncoders(rows.filter((r) => r.family === 'mclip')))
      .catch(() => undefined)
    return () => {
      live = false
    }
    // a download finishing changes the model status: list again
  }, [api, model])
  if (!project) return null
  const current = project.settings.textEncoder ?? null
  const downloaded = encoders.filter((e) => e.downloadedVariants.length > 0)
  const value = downloaded.find((e) => e.dir === current?.dir)?.id ?? (current ? current.dir : OWN)
  const choose = async (id: string): Promise<void> => {
    setBusy(true)
    try {
      setProject(await call(api, 'project.setTextEncoder', { model: id === OWN ? null : id }))
    } catch (err) {
      notify(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }
  const forModel = (e: CatalogModel): string =>
    e.textEncoderFor ? ` (for ${e.textEncoderFor} projects)` : ''
  return (
    <section className="card" aria-label="Text encoder" data-testid="text-encoder">
      <h2>Text encoder of {project.name}</h2>
      <label>
        Labels and templates are encoded by{' '}
        <select
          aria-label="Text encoder"
          value={value}
          disabled={busy}
          onChange={(e) => void choose(e.target.value)}
        >
          <option value={OWN}>the image model&apos;s own</option>
          {current && !downloaded.some((e) => e.dir === current.dir) && (
            <option value={current.dir}>{current.name}</option>
          )}
          {downloaded.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
              {forModel(e)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">
        {downloaded.length === 0
          ? 'Download an M-CLIP text encoder below to write labels in about 100 languages for a ViT-B/32 or ViT-L/14 project.'
          : "M-CLIP's multilingual text encoders score this project's image embeddings as they are: choosing one re-scores every image, none is embedded again."}
      </p>
    </section>
  )
}
