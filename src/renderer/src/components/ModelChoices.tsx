// The three ways to get a model: download ViT-B/32, open a folder, or the bundled demo model.
// Shown on the Model screen and, on first run, on the Start screen.
import { useState } from 'react'
import { VARIANTS, type ModelStatus, type Variant } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { FolderPicker } from './FolderPicker'
import { ProgressBar } from './Progress'
import { useTranslation } from '../i18n'

export function ModelChoices(): React.JSX.Element {
  const { t } = useTranslation(['model', 'common'])
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
        <h3 id="dl-title">{t('modelChoices.downloadClipVitB32')}</h3>
        <p className="muted">
          {model?.hubModel ?? t('modelChoices.theDefaultModel')} {t('modelChoices.fromTheHuggingFaceHub')}
          {model?.downloaded ? t('modelChoices.alreadyDownloaded') : ''}.
        </p>
        <div className="row">
          <label>
            {t('modelChoices.variant')}{' '}
            <select
              aria-label={t('modelChoices.modelVariantToDownload')}
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
            aria-label={t('modelChoices.downloadVitB32')}
            disabled={download?.state === 'running'}
            onClick={() =>
              void run(async () => {
                const r = await call(api, 'model.download', { variant })
                setJobId(r.jobId)
              })
            }
          >
            {t('modelChoices.download')}
          </button>
          {download?.state === 'running' && (
            <button
              type="button"
              aria-label={t('modelChoices.cancelDownload')}
              onClick={() =>
                void run(async () => void (await call(api, 'jobs.cancel', { jobId: download.jobId })))
              }
            >
              {t('modelChoices.cancel')}
            </button>
          )}
        </div>
        {download && <ProgressBar job={download} label={t('modelChoices.downloadProgress')} />}
        {download?.error && (
          <p role="alert" className="error">
            {download.error.message}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="open-title">
        <h3 id="open-title">{t('modelChoices.openAModelFolder')}</h3>
        <p className="muted">{t('modelChoices.aClipOnnxFolderConfig')}</p>
        <button
          type="button"
          aria-label={t('modelChoices.openAModelFolder')}
          onClick={() => setPicking(true)}
        >
          {t('modelChoices.openFolder')}
        </button>
      </section>
      <section className="card demo" aria-labelledby="demo-title">
        <h3 id="demo-title">{t('modelChoices.useTheDemoModel')}</h3>
        <p>
          <strong className="warn">
            {t('modelChoices.bundledDemoModel', { note: t('common:demoNote') })}
          </strong>
        </p>
        <button
          type="button"
          aria-label={t('modelChoices.useTheDemoModel')}
          onClick={() => void load(() => call(api, 'model.useDemo', {}))}
        >
          {t('modelChoices.useDemoModel')}
        </button>
      </section>
      {picking && (
        <FolderPicker
          title={t('modelChoices.openAModelFolder')}
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
