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

export function ImportEmbeddingsDialog(props: { onClose(): void }): React.JSX.Element {
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
    <Dialog title="Import embeddings" onClose={props.onClose} wide testId="import-embeddings">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <p className="muted small">
          A folder made by clip-retrieval (or Zebra&rsquo;s embed command):{' '}
          <span className="mono">img_emb/img_emb_0.npy</span> with{' '}
          <span className="mono">metadata/metadata_0.parquet</span> (or .csv) listing each row&rsquo;s{' '}
          <span className="mono">image_path</span>. Paths are matched to this project&rsquo;s images, absolute
          or relative to its folders.
        </p>
        <label>
          Embeddings folder
          <span className="row">
            <input
              aria-label="Embeddings folder"
              className="grow mono"
              value={dir}
              onChange={(e) => setDir(e.target.value)}
            />
            <button type="button" onClick={() => setPicking('dir')} aria-label="Choose the embeddings folder">
              Choose…
            </button>
          </span>
        </label>
        <label>
          Model that made them (its folder, or its model id)
          <span className="row">
            <input
              aria-label="Model"
              className="grow mono"
              value={modelArg}
              onChange={(e) => {
                typed.current.model = true
                setModelArg(e.target.value)
              }}
            />
            <button type="button" onClick={() => setPicking('model')} aria-label="Choose the model folder">
              Choose…
            </button>
          </span>
        </label>
        <label>
          Variant{' '}
          <select
            aria-label="Variant of the model"
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
              <strong data-testid="import-matched">{result.matched}</strong> imported ·{' '}
              <strong data-testid="import-unmatched">{result.unmatched}</strong> unmatched ·{' '}
              <strong data-testid="import-refused">{result.refused}</strong> refused, of {result.rows} rows (
              {result.dim}-d, {result.modelName} {result.variant})
            </p>
            <p className="small muted">Checked: {result.verified}.</p>
            {result.unmatchedExamples.length > 0 && (
              <details>
                <summary>Not images of this project</summary>
                <ul className="small mono">
                  {result.unmatchedExamples.map((u) => (
                    <li key={u}>{u}</li>
                  ))}
                </ul>
              </details>
            )}
            {result.refusedExamples.length > 0 && (
              <details>
                <summary>Refused</summary>
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
          <button type="button" onClick={props.onClose} aria-label="Close import">
            {result ? 'Done' : 'Cancel'}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={busy || !dir.trim() || !modelArg.trim()}
            aria-label="Import"
          >
            {busy ? 'Importing…' : 'Import'}
          </button>
        </footer>
      </form>
      {picking && (
        <FolderPicker
          title={picking === 'dir' ? 'Embeddings folder' : 'Model folder'}
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
