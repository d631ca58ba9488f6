// The model catalog on the Model screen: every downloadable model with its download
// sizes, expected CPU speed, ImageNet zero-shot accuracy and where that figure comes from, licence
// and warnings, what this machine already has of it, and a Download button per row.
import { useCallback, useEffect, useState } from 'react'
import { variantWarning, type CatalogModel } from '../../../shared/catalog'
import type { Variant } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { ProgressBar } from './Progress'
import './ModelCatalog.css'
import { i18n, useTranslation } from '../i18n'

const mb = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} GB` : `${Math.round(v)} MB`)

function variantsOf(m: CatalogModel): Variant[] {
  const all = (Object.keys(m.sizes) as Variant[]).filter((v) => m.sizes[v])
  return [m.defaultVariant, ...all.filter((v) => v !== m.defaultVariant)]
}

function Sizes(props: { m: CatalogModel }): React.JSX.Element {
  const { t } = useTranslation(['model', 'common'])
  return (
    <ul className="plain">
      {variantsOf(props.m).map((v) => {
        const s = props.m.sizes[v]!
        return (
          <li
            key={v}
            title={
              s.approx ? i18n.t('model:modelCatalog.approximate', { approx: s.approx }) : props.m.sizeSource
            }
          >
            {v} {mb(s.vision + s.text)}
            {s.approx ? t('modelCatalog.approx') : ''}
          </li>
        )
      })}
    </ul>
  )
}

function Speed(props: { m: CatalogModel }): React.JSX.Element {
  const { t } = useTranslation(['model', 'common'])
  const { speed } = props.m
  const est = speed.basis !== 'measured'
  return (
    <span title={est ? speed.basis : t('modelCatalog.measuredOn2CpuCores')}>
      {t('modelCatalog.imagesS', {
        join: variantsOf(props.m)
          .filter((v) => speed.imagesPerSecond[v] !== undefined)
          .map((v) => `${speed.imagesPerSecond[v]} ${v}`)
          .join(' / ')
      })}
      {est ? t('modelCatalog.estimate') : ''}
    </span>
  )
}

function Row(props: {
  m: CatalogModel
  busy: boolean
  onDownload: (m: CatalogModel, v: Variant) => void
}): React.JSX.Element {
  const { t } = useTranslation(['model', 'common'])
  const { m, busy } = props
  const [variant, setVariant] = useState<Variant>(m.defaultVariant)
  // the chosen variant's caveat is shown under the choice, not a second time among the warnings
  const variantNote = variantWarning(m, variant)
  return (
    <tr data-testid={`catalog-${m.id}`} className={m.loaded ? 'loaded' : undefined}>
      <th scope="row">
        {m.name}
        <div className="muted mono">{m.repo}</div>
        {m.loaded && <span className="badge">{t('modelCatalog.loaded')}</span>}
        {m.downloadedVariants.length > 0 && (
          <span className="badge" data-testid="downloaded">
            {t('modelCatalog.downloaded', { join: m.downloadedVariants.join(', ') })}
          </span>
        )}
      </th>
      <td>
        <strong>{m.imagenetTop1}%</strong>
        <div className="muted small">{m.imagenetSource}</div>
      </td>
      <td>
        <Sizes m={m} />
      </td>
      <td>
        <Speed m={m} />
        <div className="muted small">
          {t('modelCatalog.pxD', { imageSize: m.imageSize, embedDim: m.embedDim })}
        </div>
      </td>
      <td>
        <a href={m.licenceUrl} target="_blank" rel="noreferrer">
          {m.licence}
        </a>
      </td>
      <td className="small">
        {m.warnings
          .filter((w) => w !== variantNote)
          .map((w) => (
            <p key={w} className="warn">
              {w}
            </p>
          ))}
      </td>
      <td>
        <div className="row">
          <select
            aria-label={t('modelCatalog.variantOf', { name: m.name })}
            value={variant}
            onChange={(e) => setVariant(e.target.value as Variant)}
          >
            {variantsOf(m).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={
              m.downloadedVariants.includes(variant)
                ? t('modelCatalog.loadModel', { name: m.name })
                : t('modelCatalog.downloadModel', { name: m.name })
            }
            disabled={busy}
            onClick={() => props.onDownload(m, variant)}
          >
            {m.downloadedVariants.includes(variant) ? t('modelCatalog.load') : t('modelCatalog.download')}
          </button>
        </div>
        {variantNote && (
          <p role="note" className="warn small">
            {variantNote}
          </p>
        )}
      </td>
    </tr>
  )
}

export function ModelCatalog(): React.JSX.Element {
  const { t } = useTranslation(['model', 'common'])
  const { api, model, jobs, notify } = useApp()
  const [rows, setRows] = useState<CatalogModel[] | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)
  const latest = useLatest()
  const download = jobId ? jobs[jobId] : undefined
  const running = Object.values(jobs).some((j) => j.kind === 'download' && j.state === 'running')

  const refresh = useCallback(async () => {
    try {
      const r = await latest.run(() => call(api, 'model.catalog', {}))
      if (r !== STALE) setRows(r)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }, [api, latest, notify])

  // again when the loaded model changes or a download ends
  const downloadState = download?.state
  useEffect(() => {
    void refresh()
  }, [refresh, model?.path, downloadState])

  const start = async (m: CatalogModel, variant: Variant): Promise<void> => {
    try {
      const r = await call(api, 'model.download', { model: m.id, variant })
      setJobId(r.jobId)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  return (
    <section className="card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">{t('modelCatalog.modelCatalog')}</h2>
      <p className="muted">{t('modelCatalog.clipModelsFromTheHugging')}</p>
      {rows === null ? (
        <p role="status">{t('modelCatalog.loadingTheCatalog')}</p>
      ) : (
        <div className="catalog-scroll">
          <table className="catalog-table" aria-label={t('modelCatalog.modelCatalog')}>
            <thead>
              <tr>
                <th scope="col">{t('modelCatalog.model')}</th>
                <th scope="col">{t('modelCatalog.imagenetZeroShotTop1')}</th>
                <th scope="col">{t('modelCatalog.downloadSize')}</th>
                <th scope="col">{t('modelCatalog.cpuSpeed')}</th>
                <th scope="col">{t('modelCatalog.licence')}</th>
                <th scope="col">{t('modelCatalog.warnings')}</th>
                <th scope="col">{t('modelCatalog.getIt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <Row key={m.id} m={m} busy={running} onDownload={(mm, v) => void start(mm, v)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {download && <ProgressBar job={download} label={t('modelCatalog.catalogDownloadProgress')} />}
      {download?.state === 'running' && (
        <button
          type="button"
          aria-label={t('modelCatalog.cancelTheCatalogDownload')}
          onClick={() => void call(api, 'jobs.cancel', { jobId: download.jobId }).catch(() => undefined)}
        >
          {t('modelCatalog.cancelDownload')}
        </button>
      )}
      {download?.error && (
        <p role="alert" className="error">
          {download.error.message}
        </p>
      )}
    </section>
  )
}
