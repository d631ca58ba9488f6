import { EXECUTION_PROVIDERS, type ExecutionProvider, type Variant } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { call, toAppError } from '../api'
import { ModelCatalog } from '../components/ModelCatalog'
import { DEMO_NOTE, ModelChoices } from '../components/ModelChoices'
import { TextEncoderField } from '../components/TextEncoderField'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'

export function ModelScreen(): React.JSX.Element {
  const { api, model, setModel, notify } = useApp()
  // variant and provider can be changed again before the first change answered: the last one wins
  const latest = useLatest()
  const setOptions = async (o: { variant?: Variant; ep?: ExecutionProvider }): Promise<void> => {
    try {
      const m = await latest.run(() => call(api, 'model.setOptions', o))
      if (m !== STALE) setModel(m)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }
  return (
    <main className="screen" aria-labelledby="model-title">
      <h1 id="model-title">Model</h1>
      <section className="card" aria-label="Model status" data-testid="model-status">
        {model?.loaded ? (
          <dl className="facts">
            <dt>Model</dt>
            <dd>
              {model.name}
              {model.demo && <span className="badge warn"> demo: {DEMO_NOTE}</span>}
            </dd>
            <dt>Folder</dt>
            <dd className="mono">{model.path}</dd>
            <dt>Variant</dt>
            <dd>
              <select
                aria-label="Variant"
                value={model.variant ?? ''}
                onChange={(e) => void setOptions({ variant: e.target.value as Variant })}
              >
                {model.availableVariants.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </dd>
            <dt>Provider in use</dt>
            <dd>
              <strong data-testid="provider">{(model.provider ?? 'none').toUpperCase()}</strong>{' '}
              <label>
                requested{' '}
                <select
                  aria-label="Execution provider"
                  value={model.requestedProvider}
                  onChange={(e) => void setOptions({ ep: e.target.value as ExecutionProvider })}
                >
                  {EXECUTION_PROVIDERS.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </label>
            </dd>
            {model.providerNote && (
              <>
                <dt>Note</dt>
                <dd className="muted">{model.providerNote}</dd>
              </>
            )}
            <dt>Embedding size</dt>
            <dd>{model.embedDim ?? '–'}</dd>
          </dl>
        ) : model?.loading ? (
          <p role="status">Loading the model {model.name ?? ''}…</p>
        ) : (
          <p>
            <strong>No model loaded.</strong> Choose one below: Zebra works offline with a folder you have or
            the demo model.
          </p>
        )}
        {model?.error && (
          <p role="alert" className="error">
            {phrased(model.error, 'gui')}
          </p>
        )}
      </section>
      <TextEncoderField />
      <ModelCatalog />
      <ModelChoices />
    </main>
  )
}
