// The Model screen's choice of the open project's text encoder (docs/multilingual.md): the image
// model's own, or a downloaded M-CLIP encoder that scores the project's cached image embeddings
// against labels in ~100 languages. Choosing re-scores every image; none is embedded again.
import { useEffect, useState } from 'react'
import type { CatalogModel } from '../../../shared/catalog'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { useTranslation } from '../i18n'

const OWN = ''

export function TextEncoderField(): React.JSX.Element | null {
  const { api, project, setProject, notify, model } = useApp()
  const { t } = useTranslation('model')
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
    e.textEncoderFor ? t('textEncoderField.forModel', { model: e.textEncoderFor }) : ''
  return (
    <section className="card" aria-label={t('textEncoderField.textEncoder')} data-testid="text-encoder">
      <h2>{t('textEncoderField.heading', { name: project.name })}</h2>
      <label>
        {t('textEncoderField.encodedBy')}{' '}
        <select
          aria-label={t('textEncoderField.textEncoder')}
          value={value}
          disabled={busy}
          onChange={(e) => void choose(e.target.value)}
        >
          <option value={OWN}>{t('textEncoderField.imageModelOwn')}</option>
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
        {downloaded.length === 0 ? t('textEncoderField.downloadHint') : t('textEncoderField.mclipHint')}
      </p>
    </section>
  )
}
