// The three ways to get a model: download ViT-B/32, open a folder, or the bundled demo model.
// Shown on the Model screen and, on first run, on the Start screen.
import { useState } from 'react'
import { VARIANTS, type ModelStatus, type Variant } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { FolderPicker } from './FolderPicker'
import { ProgressBar } from './Progress'

export const DEMO_NOTE =
  'a tiny model that only knows coloured shapes (circle, square, triangle, star, cross; plain, striped or dotted): it cannot know anything else'

export function ModelChoices(): React.JSX.Element {
  const { api, model, jobs, setModel, notify } = useApp()
  const [variant, setVariant] = useState<Variant>('quantized')
  const [picking, setPicking] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const download = jobId
    ? jobs[jobId]
    : Object.values(jobs).find((j) => j.kind === 'download' && j.state === 'running')

  const run = async (f: () => Promise<void>): Promise<void> => {
    try {
      await f()
    } catch (err) {
      notify(toAppError(err).message)
    }
  }
  // "demo" then "open folder" (or twice the same) before the first load answered: the last choice is
  // the model shown
  const latest = useLatest()
  const load = (f: () => Promise<ModelStatus>): Promise<void> =>
    run(async () => {
      const m = await latest.run(f)
      if (m !== STALE) setModel(m)
    })

  return (
    <div className="choices">
      <section className="card" aria-labelledby="dl-title">
        <h3 id="dl-title">Download CLIP ViT-B/32</h3>
        <p className="muted">
          {model?.hubModel ?? 'the default model'} from the Hugging Face Hub
          {model?.downloaded ? ' (already downloaded)' : ''}.
        </p>
        <div className="row">
          <label>
            Variant{' '}
            <select
              aria-label="Model variant to download"
              value={variant}
              onChange={(e) => setVariant(e.target.value as Variant)}
            >
              {VARIANTS.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            aria-label="Download ViT-B/32"
            disabled={download?.state === 'running'}
            onClick={() =>
              void run(async () => {
                const r = await call(api, 'model.download', { variant })
                setJobId(r.jobId)
              })
            }
          >
            Download
          </button>
          {download?.state === 'running' && (
            <button
              type="button"
              aria-label="Cancel download"
              onClick={() =>
                void run(async () => void (await call(api, 'jobs.cancel', { jobId: download.jobId })))
              }
            >
              Cancel
            </button>
          )}
        </div>
        {download && <ProgressBar job={download} label="Download progress" />}
        {download?.error && (
          <p role="alert" className="error">
            {download.error.message}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="open-title">
        <h3 id="open-title">Open a model folder</h3>
        <p className="muted">A CLIP ONNX folder (config.json, tokenizer, onnx/…) you already have.</p>
        <button type="button" aria-label="Open a model folder" onClick={() => setPicking(true)}>
          Open folder…
        </button>
      </section>
      <section className="card demo" aria-labelledby="demo-title">
        <h3 id="demo-title">Use the demo model</h3>
        <p>
          <strong className="warn">Bundled demo model: {DEMO_NOTE}.</strong>
        </p>
        <button
          type="button"
          aria-label="Use the demo model"
          onClick={() => void load(() => call(api, 'model.useDemo', {}))}
        >
          Use demo model
        </button>
      </section>
      {picking && (
        <FolderPicker
          title="Open a model folder"
          onClose={() => setPicking(false)}
          onPick={(path) => {
            setPicking(false)
            void load(() => call(api, 'model.open', { path }))
          }}
        />
      )}
    </div>
  )
}
