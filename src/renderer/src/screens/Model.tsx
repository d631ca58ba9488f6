import { EXECUTION_PROVIDERS, type ExecutionProvider, type Variant } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { call, toAppError } from '../api'
import { ModelCatalog } from '../components/ModelCatalog'
import { ModelChoices } from '../components/ModelChoices'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { useTranslation } from '../i18n'

export function ModelScreen(): React.JSX.Element {
  const { t } = useTranslation(['model', 'common'])
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
      <h1 id="model-title">{t('model.model')}</h1>
      <section className="card" aria-label={t('model.modelStatus')} data-testid="model-status">
        {model?.loaded ? (
          <dl className="facts">
            <dt>{t('model.model')}</dt>
            <dd>
              {model.name}
              {model.demo && (
                <span className="badge warn"> {t('model.demo', { note: t('common:demoNote') })}</span>
              )}
            </dd>
            <dt>{t('model.folder')}</dt>
            <dd className="mono">{model.path}</dd>
            <dt>{t('model.variant')}</dt>
            <dd>
              <select
                aria-label={t('model.variant')}
                value={model.variant ?? ''}
                onChange={(e) => void setOptions({ variant: e.target.value as Variant })}
              >
                {model.availableVariants.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </dd>
            <dt>{t('model.providerInUse')}</dt>
            <dd>
              <strong data-testid="provider">{(model.provider ?? 'none').toUpperCase()}</strong>{' '}
              <label>
                {t('model.requested')}{' '}
                <select
                  aria-label={t('model.executionProvider')}
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
                <dt>{t('model.note')}</dt>
                <dd className="muted">{model.providerNote}</dd>
              </>
            )}
            <dt>{t('model.embeddingSize')}</dt>
            <dd>{model.embedDim ?? '–'}</dd>
          </dl>
        ) : model?.loading ? (
          <p role="status">
            {t('model.loadingTheModel')} {model.name ?? ''}…
          </p>
        ) : (
          <p>
            <strong>{t('model.noModelLoaded')}</strong> {t('model.chooseOneBelowZebraWorks')}
          </p>
        )}
        {model?.error && (
          <p role="alert" className="error">
            {phrased(model.error, 'gui')}
          </p>
        )}
      </section>
      <ModelCatalog />
      <ModelChoices />
    </main>
  )
}
