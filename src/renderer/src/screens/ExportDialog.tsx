// Export over export.run: format, split, seed, link mode (folder formats), what to include, force.
// A tags project is offered the formats that hold several labels per image, and partly decided
// images instead of accepted/corrected.
// "Import labels…" opens the import dialog (labels.import) from here.
import { useEffect, useState } from 'react'
import {
  FILE_FORMATS,
  TAG_EXPORT_FORMATS,
  type ExportFormat,
  type ExportResult
} from '../../../shared/contract'
import { call, toAppError } from '../api'
import { Dialog } from '../components/Dialog'
import { FolderPicker } from '../components/FolderPicker'
import { Checkbox, OptionSelect, PathField } from '../components/FormFields'
import { useApp } from '../context'
import { phrased } from '../../../shared/remedies'
import { parseSplit } from '../lib/labels'
import { ImportDialog } from './ImportDialog'

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'csv', label: 'CSV (path, label, decision…)' },
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'imagefolder', label: 'ImageFolder (one folder per label)' },
  { value: 'hf', label: 'Hugging Face datasets (imagefolder + metadata)' },
  { value: 'labelstudio', label: 'Label Studio (tasks + labeling config)' },
  { value: 'yolo-cls', label: 'Ultralytics YOLO classification (train/val/test)' },
  { value: 'cvat-imagenet', label: 'CVAT ImageNet 1.0 (folder per label)' },
  { value: 'fiftyone-tree', label: 'FiftyOne directory tree (folder per label)' },
  { value: 'fiftyone-json', label: 'FiftyOne classification dataset (data/ + labels.json)' },
  { value: 'coco-labels', label: 'COCO image labels (Datumaro coco_labels)' }
]

export function ExportDialog(props: { onClose(): void }): React.JSX.Element {
  const { api, project } = useApp()
  const defaultDir = project ? project.path.replace(/\.[^./\\]+$/, '') + '-export' : ''
  const [format, setFormat] = useState<ExportFormat>('csv')
  const [outDir, setOutDir] = useState(defaultDir)
  const [split, setSplit] = useState('')
  const [seed, setSeed] = useState('0')
  const [link, setLink] = useState<'copy' | 'hardlink' | 'symlink'>('copy')
  const [accepted, setAccepted] = useState(true)
  const [corrected, setCorrected] = useState(true)
  const [force, setForce] = useState(false)
  const [csvRaw, setCsvRaw] = useState(false)
  const [includeMissing, setIncludeMissing] = useState(false)
  const [picking, setPicking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ExportResult | null>(null)
  const [importing, setImporting] = useState(false)
  const [includePartial, setIncludePartial] = useState(false)
  // a tags project: only formats that hold several labels per image, and images whose every tag
  // is decided unless partly decided ones are asked for (accepted/corrected do not apply)
  const tags = project?.kind === 'tags'
  const formats = tags ? FORMATS.filter((f) => TAG_EXPORT_FORMATS.includes(f.value)) : FORMATS
  const shown = formats.some((f) => f.value === format) ? format : formats[0]!.value
  const folderFormat = FILE_FORMATS.includes(shown)

  // the choices of this project's last export come back (kept in the project file; force never)
  useEffect(() => {
    let live = true
    call(api, 'export.saved', {}).then(
      (s) => {
        if (!live || !s) return
        const o = s.options
        setFormat(o.format)
        setOutDir(o.outDir)
        setSplit(
          o.split
            ? Object.entries(o.split)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')
            : ''
        )
        setSeed(String(o.seed))
        setLink(o.link)
        setAccepted(o.include.includes('accepted'))
        setCorrected(o.include.includes('corrected'))
        setCsvRaw(o.csvRaw)
        setIncludeMissing(o.includeMissing)
        setIncludePartial(o.includePartial ?? false)
      },
      () => undefined
    )
    return () => {
      live = false
    }
  }, [api, project?.path])

  const run = async (): Promise<void> => {
    setError(null)
    setResult(null)
    let splitValue: Record<string, number> | undefined
    try {
      splitValue = parseSplit(split)
    } catch (err) {
      setError(`Split: ${(err as Error).message}`)
      return
    }
    const include = [...(accepted ? ['accepted' as const] : []), ...(corrected ? ['corrected' as const] : [])]
    if (!include.length && !tags) {
      setError('Include at least accepted or corrected labels.')
      return
    }
    setBusy(true)
    try {
      setResult(
        await call(api, 'export.run', {
          format: shown,
          outDir: outDir.trim(),
          split: splitValue,
          seed: Number(seed) || 0,
          link,
          include: include.length ? include : ['accepted', 'corrected'],
          force,
          csvRaw,
          includeMissing: includeMissing && !folderFormat,
          ...(tags ? { includePartial } : {})
        })
      )
    } catch (err) {
      const e = toAppError(err)
      setError(phrased(e, 'gui'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title="Export labels" onClose={props.onClose} testId="export-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <OptionSelect<ExportFormat>
          label="Format"
          ariaLabel="Export format"
          value={shown}
          options={formats}
          onChange={setFormat}
        />
        <PathField
          label="Output folder"
          ariaLabel="Output folder"
          value={outDir}
          onChange={setOutDir}
          browseLabel="Browse for the output folder"
          onBrowse={() => setPicking(true)}
        />
        <div className="row wrap">
          <label>
            Split{' '}
            <input
              aria-label="Split, e.g. train=0.8, val=0.2"
              placeholder="train=0.8, val=0.2"
              value={split}
              onChange={(e) => setSplit(e.target.value)}
            />
          </label>
          <label>
            Seed{' '}
            <input
              aria-label="Split seed"
              className="narrow"
              type="number"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
          </label>
          {folderFormat && (
            <label>
              Files{' '}
              <select
                aria-label="Link mode"
                value={link}
                onChange={(e) => setLink(e.target.value as typeof link)}
              >
                <option value="copy">copy</option>
                <option value="hardlink">hard link</option>
                <option value="symlink">symbolic link</option>
              </select>
            </label>
          )}
        </div>
        <fieldset className="row wrap">
          <legend>Include</legend>
          {tags ? (
            <Checkbox
              ariaLabel="Include partly decided images"
              checked={includePartial}
              onChange={setIncludePartial}
              title="By default only images whose every tag is decided (present, absent or unsure) are exported"
            >
              images with some tags still undecided
            </Checkbox>
          ) : (
            <>
              <Checkbox ariaLabel="Include accepted" checked={accepted} onChange={setAccepted}>
                accepted
              </Checkbox>
              <Checkbox ariaLabel="Include corrected" checked={corrected} onChange={setCorrected}>
                corrected
              </Checkbox>
            </>
          )}
          <Checkbox ariaLabel="Overwrite a non-empty folder" checked={force} onChange={setForce}>
            Overwrite a non-empty folder
          </Checkbox>
          <Checkbox
            ariaLabel="Raw CSV values"
            checked={csvRaw}
            onChange={setCsvRaw}
            title="By default a CSV cell starting with =, +, -, @ gets a leading ' so spreadsheets never run it"
          >
            Raw CSV values (no formula escaping)
          </Checkbox>
          <Checkbox
            ariaLabel="Include images missing at the last scan"
            checked={includeMissing && !folderFormat}
            disabled={folderFormat}
            onChange={setIncludeMissing}
            title="Images whose files were missing at the last scan keep their recorded labels (csv and jsonl: a folder format cannot copy a file that is not there)"
          >
            Include images missing at the last scan (csv, jsonl, Label Studio)
          </Checkbox>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {result && (
          <div className="result" data-testid="export-result" role="status">
            <p>
              <strong>{result.total}</strong> images exported to <span className="mono">{result.outDir}</span>
            </p>
            {result.leftOut.missing + result.leftOut.unreadable + result.leftOut.notCopied > 0 && (
              <p data-testid="export-left-out">
                Left out: {result.leftOut.missing} missing, {result.leftOut.unreadable} unreadable,{' '}
                {result.leftOut.notCopied} not copied. Scan the project again if the files are back, or export
                csv or jsonl with &ldquo;Include images missing at the last scan&rdquo;.
              </p>
            )}
            <ul className="small">
              {result.files.map((f) => (
                <li key={f} className="mono">
                  {f}
                </li>
              ))}
            </ul>
            {result.notes?.map((n) => (
              <p key={n} className="small">
                {n}
              </p>
            ))}
            {result.labelConfig && (
              <label>
                Labeling config to paste into Label Studio
                <textarea
                  aria-label="Label Studio labeling config"
                  className="mono"
                  readOnly
                  rows={Math.min(12, result.labelConfig.split('\n').length)}
                  value={result.labelConfig}
                />
              </label>
            )}
            <p className="small">
              {Object.entries(result.perLabel)
                .map(([k, v]) => `${k}: ${v}`)
                .join(' · ')}
            </p>
            {Object.keys(result.perSplit).length > 0 && (
              <p className="small">
                {Object.entries(result.perSplit)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </p>
            )}
          </div>
        )}
        <footer className="row end">
          <button type="button" onClick={() => setImporting(true)} aria-label="Import labels">
            Import labels…
          </button>
          <span className="grow" />
          <button type="button" onClick={props.onClose} aria-label="Close export">
            {result ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={busy} aria-label="Run export">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </footer>
      </form>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {picking && (
        <FolderPicker
          title="Export into"
          onClose={() => setPicking(false)}
          onPick={(p) => {
            setPicking(false)
            setOutDir(p)
          }}
        />
      )}
    </Dialog>
  )
}
