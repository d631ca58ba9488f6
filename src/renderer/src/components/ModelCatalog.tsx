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

const mb = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} GB` : `${Math.round(v)} MB`)

function variantsOf(m: CatalogModel): Variant[] {
  const all = (Object.keys(m.sizes) as Variant[]).filter((v) => m.sizes[v])
  return [m.defaultVariant, ...all.filter((v) => v !== m.defaultVariant)]
}

function Sizes(props: { m: CatalogModel }): React.JSX.Element {
  return (
    <ul className="plain">
      {variantsOf(props.m).map((v) => {
        const s = props.m.sizes[v]!
        return (
          <li key={v} title={s.approx ? `approximate: ${s.approx}` : props.m.sizeSource}>
            {v} {mb(s.vision + s.text)}
            {s.approx ? ' (approx.)' : ''}
          </li>
        )
      })}
    </ul>
  )
}

function Speed(props: { m: CatalogModel }): React.JSX.Element {
  const { speed } = props.m
  const est = speed.basis !== 'measured'
  return (
    <span
      title={
        est
          ? speed.basis
          : 'measured on 2 CPU cores with full-size speed-test graphs (CPU time relative to ViT-B/32, scaled to its quiet-machine speed)'
      }
    >
      {variantsOf(props.m)
        .filter((v) => speed.imagesPerSecond[v] !== undefined)
        .map((v) => `${speed.imagesPerSecond[v]} ${v}`)
        .join(' / ')}{' '}
      images/s{est ? ' (estimate)' : ''}
    </span>
  )
}

function Row(props: {
  m: CatalogModel
  busy: boolean
  onDownload: (m: CatalogModel, v: Variant) => void
}): React.JSX.Element {
  const { m, busy } = props
  const [variant, setVariant] = useState<Variant>(m.defaultVariant)
  // the chosen variant's caveat is shown under the choice, not a second time among the warnings
  const variantNote = variantWarning(m, variant)
  return (
    <tr data-testid={`catalog-${m.id}`} className={m.loaded ? 'loaded' : undefined}>
      <th scope="row">
        {m.name}
        <div className="muted mono">{m.repo}</div>
        {m.loaded && <span className="badge">loaded</span>}
        {m.downloadedVariants.length > 0 && (
          <span className="badge" data-testid="downloaded">
            downloaded: {m.downloadedVariants.join(', ')}
          </span>
        )}
      </th>
      <td>
        <strong>{m.imagenetTop1 === null ? '–' : `${m.imagenetTop1}%`}</strong>
        <div className="muted small">{m.imagenetSource}</div>
      </td>
      <td>
        <Sizes m={m} />
      </td>
      <td>
        <Speed m={m} />
        <div className="muted small">
          {m.imageSize} px, {m.embedDim}-d
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
            aria-label={`Variant of ${m.name}`}
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
            aria-label={`${m.downloadedVariants.includes(variant) ? 'Load' : 'Download'} ${m.name}`}
            disabled={busy}
            onClick={() => props.onDownload(m, variant)}
          >
            {m.downloadedVariants.includes(variant) ? 'Load' : 'Download'}
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
      <h2 id="catalog-title">Model catalog</h2>
      <p className="muted">
        CLIP models from the Hugging Face Hub. Speeds are for the vision model alone on 2 CPU cores; a GPU is
        many times faster. Larger models are more accurate and slower.
      </p>
      {rows === null ? (
        <p role="status">Loading the catalog…</p>
      ) : (
        <div className="catalog-scroll">
          <table className="catalog-table" aria-label="Model catalog">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">ImageNet zero-shot top-1</th>
                <th scope="col">Download size</th>
                <th scope="col">CPU speed</th>
                <th scope="col">Licence</th>
                <th scope="col">Warnings</th>
                <th scope="col">Get it</th>
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
      {download && <ProgressBar job={download} label="Catalog download progress" />}
      {download?.state === 'running' && (
        <button
          type="button"
          aria-label="Cancel the catalog download"
          onClick={() => void call(api, 'jobs.cancel', { jobId: download.jobId }).catch(() => undefined)}
        >
          Cancel download
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
