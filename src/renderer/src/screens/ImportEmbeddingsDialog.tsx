// "Import embeddings…" (embeddings.import): image embeddings computed elsewhere, in the layout
// `clip-retrieval inference` writes (img_emb/ and metadata/), become this project's embeddings of
// the model that made them, with suggestions computed from them. The summary says how many rows
// matched an image here, how many did not, and which were refused and why.
import { useEffect, useRef, useState } from 'react'
import { VARIANTS, type ImportEmbeddingsResult, type Variant } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { call, toAppError } from '../api'
import { Dialog } from '../components/Dialog'
import { FolderPicker } from '../components/FolderPicker'
import { useApp } from '../context'
import { useTranslation } from '../i18n'

export function ImportEmbeddingsDialog(props: { onClose(): void }): React.JSX.Element {
  const { t } = useTranslation(['export', 'common'])
  const { api, model, refreshProject } = useApp()
  const [dir, setDir] = useState('')
  const [modelArg, setModelArg] = useState(model?.path ?? '')
  const [variant, setVariant] = useState<Variant>(model?.variant ?? 'fp32')
  // the loaded model's status may arrive after the dialog opened: it fills the fields the person
  // has not typed in yet
  const typed = useRef({ model: false, variant: false })
  useEffect(() => {
    if (model?.path && !typed.current.model) setModelArg(model.path)
    if (model?.variant && !typed.current.variant) setVariant(model.variant)
  }, [model?.path, model?.variant])
  const [picking, setPicking] = useState<null | 'dir' | 'model'>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ImportEmbeddingsResult | null>(null)

  const run = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      const r = await call(api, 'embeddings.import', { dir: dir.trim(), model: modelArg.trim(), variant })
      setResult(r)
      void refreshProject()
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={t('importEmbeddingsDialog.importEmbeddings')}
      onClose={props.onClose}
      wide
      testId="import-embeddings"
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <p className="muted small">
          {t('importEmbeddingsDialog.aFolderMadeByClip')}{' '}
          <span className="mono">{t('importEmbeddingsDialog.imgEmbImgEmb0')}</span>{' '}
          {t('importEmbeddingsDialog.with')}{' '}
          <span className="mono">{t('importEmbeddingsDialog.metadataMetadata0Parquet')}</span>{' '}
          {t('importEmbeddingsDialog.orCsvListingEachRow')}{' '}
          <span className="mono">{t('importEmbeddingsDialog.imagePath')}</span>
          {t('importEmbeddingsDialog.pathsAreMatchedToThis')}
        </p>
        <label>
          {t('importEmbeddingsDialog.embeddingsFolder')}
          <span className="row">
            <input
              aria-label={t('importEmbeddingsDialog.embeddingsFolder')}
              className="grow mono"
              value={dir}
              onChange={(e) => setDir(e.target.value)}
            />
            <button
              type="button"
              onClick={() => setPicking('dir')}
              aria-label={t('importEmbeddingsDialog.chooseTheEmbeddingsFolder')}
            >
              {t('importEmbeddingsDialog.choose')}
            </button>
          </span>
        </label>
        <label>
          {t('importEmbeddingsDialog.modelThatMadeThemIts')}
          <span className="row">
            <input
              aria-label={t('importEmbeddingsDialog.model')}
              className="grow mono"
              value={modelArg}
              onChange={(e) => {
                typed.current.model = true
                setModelArg(e.target.value)
              }}
            />
            <button
              type="button"
              onClick={() => setPicking('model')}
              aria-label={t('importEmbeddingsDialog.chooseTheModelFolder')}
            >
              {t('importEmbeddingsDialog.choose')}
            </button>
          </span>
        </label>
        <label>
          {t('importEmbeddingsDialog.variant')}{' '}
          <select
            aria-label={t('importEmbeddingsDialog.variantOfTheModel')}
            value={variant}
            onChange={(e) => {
              typed.current.variant = true
              setVariant(e.target.value as Variant)
            }}
          >
            {VARIANTS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {result && (
          <div className="result" role="status" data-testid="import-embeddings-result">
            <p>
              <strong data-testid="import-matched">{result.matched}</strong>{' '}
              {t('importEmbeddingsDialog.imported')}{' '}
              <strong data-testid="import-unmatched">{result.unmatched}</strong>{' '}
              {t('importEmbeddingsDialog.unmatched')}{' '}
              <strong data-testid="import-refused">{result.refused}</strong>{' '}
              {t('importEmbeddingsDialog.refusedOfRowsD', {
                rows: result.rows,
                dim: result.dim,
                modelName: result.modelName,
                variant: result.variant
              })}
            </p>
            <p className="small muted">
              {t('importEmbeddingsDialog.checked', { verified: result.verified })}
            </p>
            {result.unmatchedExamples.length > 0 && (
              <details>
                <summary>{t('importEmbeddingsDialog.notImagesOfThisProject')}</summary>
                <ul className="small mono">
                  {result.unmatchedExamples.map((u) => (
                    <li key={u}>{u}</li>
                  ))}
                </ul>
              </details>
            )}
            {result.refusedExamples.length > 0 && (
              <details>
                <summary>{t('importEmbeddingsDialog.refused')}</summary>
                <ul className="small">
                  {result.refusedExamples.map((r, i) => (
                    <li key={`${i}:${r.path}`}>
                      <span className="mono">{r.path}</span>: {r.reason}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        <footer className="row end">
          <button type="button" onClick={props.onClose} aria-label={t('importEmbeddingsDialog.closeImport')}>
            {result ? t('importEmbeddingsDialog.done') : t('importEmbeddingsDialog.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={busy || !dir.trim() || !modelArg.trim()}
            aria-label={t('importEmbeddingsDialog.import')}
          >
            {busy ? t('importEmbeddingsDialog.importing') : t('importEmbeddingsDialog.import')}
          </button>
        </footer>
      </form>
      {picking && (
        <FolderPicker
          title={
            picking === 'dir'
              ? t('importEmbeddingsDialog.embeddingsFolder')
              : t('importEmbeddingsDialog.modelFolder')
          }
          start={(picking === 'dir' ? dir : modelArg) || undefined}
          onClose={() => setPicking(null)}
          onPick={(p) => {
            if (picking === 'dir') setDir(p)
            else {
              typed.current.model = true
              setModelArg(p)
            }
            setPicking(null)
          }}
        />
      )}
    </Dialog>
  )
}
