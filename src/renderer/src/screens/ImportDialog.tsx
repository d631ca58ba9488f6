// Import labels over labels.import: pick a format and a file or folder, "Check" runs the dry run
// and shows what would change (matched, unmatched with why, labels the project lacks); "Import"
// writes exactly what was checked, and is offered only while the choices are still the checked ones.
import { useState } from 'react'
import type { ImportFormat, LabelImportSummary } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { Dialog } from '../components/Dialog'
import { FolderPicker } from '../components/FolderPicker'
import { Checkbox, OptionSelect, PathField } from '../components/FormFields'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { phrased } from '../../../shared/remedies'

const FORMATS: { value: ImportFormat; label: string; pick: 'file' | 'folder'; accept?: RegExp }[] = [
  { value: 'labelstudio', label: 'Label Studio JSON export', pick: 'file', accept: /\.json$/i },
  {
    value: 'imagefolder',
    label: 'Folder per label (ImageFolder, YOLO, FiftyOne tree)',
    pick: 'folder'
  },
  { value: 'cvat-imagenet', label: 'CVAT ImageNet 1.0 (folder per label)', pick: 'folder' },
  { value: 'fiftyone-json', label: 'FiftyOne classification dataset (labels.json)', pick: 'folder' },
  { value: 'csv', label: 'CSV with path and label (or tags) columns', pick: 'file', accept: /\.csv$/i },
  { value: 'jsonl', label: 'JSON Lines (labels.jsonl)', pick: 'file', accept: /\.jsonl$/i },
  { value: 'hf', label: 'Hugging Face imagefolder (metadata.jsonl)', pick: 'folder' },
  { value: 'coco-labels', label: 'COCO image labels (annotations/labels_*.json)', pick: 'folder' }
]

interface Checked {
  format: ImportFormat
  path: string
  createLabels: boolean
  summary: LabelImportSummary
}

export function ImportDialog(props: { onClose(): void }): React.JSX.Element {
  const { api } = useApp()
  const [format, setFormat] = useState<ImportFormat>('labelstudio')
  const [path, setPath] = useState('')
  const [createLabels, setCreateLabels] = useState(false)
  const [picking, setPicking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [checked, setChecked] = useState<Checked | null>(null)
  const [done, setDone] = useState<LabelImportSummary | null>(null)
  const latest = useLatest()
  const spec = FORMATS.find((f) => f.value === format)!
  const current =
    checked &&
    checked.format === format &&
    checked.path === path.trim() &&
    checked.createLabels === createLabels

  const run = async (dryRun: boolean): Promise<void> => {
    setError(null)
    if (!path.trim()) {
      setError(`Choose the ${spec.pick} to import (type its path, or click Browse…).`)
      return
    }
    const input = { format, path: path.trim(), createLabels }
    setBusy(true)
    try {
      const r = await latest.run(() => call(api, 'labels.import', { ...input, dryRun }))
      if (r === STALE) return
      if (dryRun) {
        setChecked({ ...input, summary: r })
        setDone(null)
      } else {
        setDone(r)
        setChecked(null)
      }
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }

  const s = checked?.summary
  return (
    <Dialog title="Import labels" onClose={props.onClose} testId="import-dialog" wide>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run(true)
        }}
      >
        <OptionSelect<ImportFormat>
          label="Format"
          ariaLabel="Import format"
          value={format}
          options={FORMATS}
          onChange={setFormat}
        />
        <PathField
          label={spec.pick === 'file' ? 'File' : 'Folder'}
          ariaLabel="Import from"
          value={path}
          onChange={setPath}
          browseLabel="Browse for what to import"
          onBrowse={() => setPicking(true)}
        />
        <fieldset className="row wrap">
          <legend>Labels</legend>
          <Checkbox ariaLabel="Create missing labels" checked={createLabels} onChange={setCreateLabels}>
            Create labels the project does not have (otherwise their images are left out)
          </Checkbox>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {s && current && (
          <div className="result" data-testid="import-dry-run" role="status">
            <p>
              Would import <strong>{s.wouldImport}</strong> labels: read {s.total}, matched {s.matched} (
              {s.unchanged} already so), unmatched {s.unmatchedCount}
              {s.unlabeled > 0 && `, without a label ${s.unlabeled}`}.
            </p>
            {Object.keys(s.perLabel).length > 0 && (
              <p className="small">
                {Object.entries(s.perLabel)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </p>
            )}
            {s.unknownLabels.length > 0 && (
              <p data-testid="import-unknown">
                Not in the project: {s.unknownLabels.map((u) => `${u.name} (${u.count})`).join(', ')}.{' '}
                {createLabels
                  ? 'They will be created.'
                  : 'Their images are left out: tick "Create labels…" and click Check again to add them.'}
              </p>
            )}
            {s.unmatched.length > 0 && (
              <ul className="small" data-testid="import-unmatched">
                {s.unmatched.slice(0, 20).map((u) => (
                  <li key={u.ref}>
                    <span className="mono">{u.ref}</span>: {u.reason}
                  </li>
                ))}
                {s.unmatchedCount > 20 && <li>… {s.unmatchedCount - 20} more</li>}
              </ul>
            )}
          </div>
        )}
        {done && (
          <p className="result" data-testid="import-result" role="status">
            Imported <strong>{done.imported}</strong> labels
            {done.createdLabels.length > 0 && ` (created ${done.createdLabels.join(', ')})`}. One undo in
            Review takes the whole import back.
          </p>
        )}
        <footer className="row end">
          <button type="button" onClick={props.onClose} aria-label="Close import">
            {done ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" disabled={busy} aria-label="Check import">
            {busy ? 'Checking…' : 'Check'}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || !current || !s || s.wouldImport === 0}
            aria-label="Import checked labels"
            title={current ? undefined : 'Click Check first: it shows what the import would change'}
            onClick={() => void run(false)}
          >
            Import
          </button>
        </footer>
      </form>
      {picking && (
        <FolderPicker
          title={spec.pick === 'file' ? 'Choose the file to import' : 'Choose the folder to import'}
          mode={spec.pick}
          accept={spec.accept}
          start={path.trim() || undefined}
          onClose={() => setPicking(false)}
          onPick={(p) => {
            setPicking(false)
            setPath(p)
          }}
        />
      )}
    </Dialog>
  )
}
