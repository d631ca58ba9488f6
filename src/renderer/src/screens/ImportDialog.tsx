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
import { i18n, useTranslation } from '../i18n'

const FORMATS = (): { value: ImportFormat; label: string; pick: 'file' | 'folder'; accept?: RegExp }[] => [
  {
    value: 'labelstudio',
    label: i18n.t('export:importDialog.labelStudioJsonExport'),
    pick: 'file',
    accept: /\.json$/i
  },
  {
    value: 'imagefolder',
    label: i18n.t('export:importDialog.folderPerLabelImagefolderYolo'),
    pick: 'folder'
  },
  {
    value: 'cvat-imagenet',
    label: i18n.t('export:importDialog.cvatImagenet10Folder'),
    pick: 'folder'
  },
  {
    value: 'fiftyone-json',
    label: i18n.t('export:importDialog.fiftyoneClassificationDatasetLabelsJson'),
    pick: 'folder'
  },
  {
    value: 'csv',
    label: i18n.t('export:importDialog.csvWithPathAndLabel'),
    pick: 'file',
    accept: /\.csv$/i
  },
  {
    value: 'jsonl',
    label: i18n.t('export:importDialog.jsonLinesLabelsJsonl'),
    pick: 'file',
    accept: /\.jsonl$/i
  },
  {
    value: 'hf',
    label: i18n.t('export:importDialog.huggingFaceImagefolderMetadataJsonl'),
    pick: 'folder'
  },
  {
    value: 'coco-labels',
    label: i18n.t('export:importDialog.cocoImageLabelsAnnotationsLabels'),
    pick: 'folder'
  }
]

interface Checked {
  format: ImportFormat
  path: string
  createLabels: boolean
  summary: LabelImportSummary
}

export function ImportDialog(props: { onClose(): void }): React.JSX.Element {
  const { t } = useTranslation(['export', 'common'])
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
  const spec = FORMATS().find((f) => f.value === format)!
  const current =
    checked &&
    checked.format === format &&
    checked.path === path.trim() &&
    checked.createLabels === createLabels

  const run = async (dryRun: boolean): Promise<void> => {
    setError(null)
    if (!path.trim()) {
      setError(i18n.t('export:importDialog.chooseTheToImportType', { pick: spec.pick }))
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
    <Dialog title={t('importDialog.importLabels')} onClose={props.onClose} testId="import-dialog" wide>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run(true)
        }}
      >
        <OptionSelect<ImportFormat>
          label={t('importDialog.format')}
          ariaLabel={i18n.t('export:importDialog.importFormat')}
          value={format}
          options={FORMATS()}
          onChange={setFormat}
        />
        <PathField
          label={spec.pick === 'file' ? t('importDialog.file') : t('importDialog.folder')}
          ariaLabel={i18n.t('export:importDialog.importFrom')}
          value={path}
          onChange={setPath}
          browseLabel={i18n.t('export:importDialog.browseForWhatToImport')}
          onBrowse={() => setPicking(true)}
        />
        <fieldset className="row wrap">
          <legend>{t('importDialog.labels')}</legend>
          <Checkbox
            ariaLabel={i18n.t('export:importDialog.createMissingLabels')}
            checked={createLabels}
            onChange={setCreateLabels}
          >
            {t('importDialog.createLabelsTheProjectDoes')}
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
              {t('importDialog.wouldImport')} <strong>{s.wouldImport}</strong>{' '}
              {t('importDialog.labelsReadMatchedAlreadySo', {
                total: s.total,
                matched: s.matched,
                unchanged: s.unchanged,
                unmatchedCount: s.unmatchedCount
              })}
              {s.unlabeled > 0 && t('importDialog.withoutALabel', { unlabeled: s.unlabeled })}.
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
                {t('importDialog.notInTheProject', {
                  join: s.unknownLabels.map((u) => `${u.name} (${u.count})`).join(', ')
                })}{' '}
                {createLabels ? t('importDialog.theyWillBeCreated') : t('importDialog.theirImagesAreLeftOut')}
              </p>
            )}
            {s.unmatched.length > 0 && (
              <ul className="small" data-testid="import-unmatched">
                {s.unmatched.slice(0, 20).map((u) => (
                  <li key={u.ref}>
                    <span className="mono">{u.ref}</span>: {u.reason}
                  </li>
                ))}
                {s.unmatchedCount > 20 && <li>{t('importDialog.more', { value: s.unmatchedCount - 20 })}</li>}
              </ul>
            )}
          </div>
        )}
        {done && (
          <p className="result" data-testid="import-result" role="status">
            {t('importDialog.imported')} <strong>{done.imported}</strong> {t('importDialog.labels2')}
            {done.createdLabels.length > 0 &&
              t('importDialog.created', { join: done.createdLabels.join(', ') })}
            {t('importDialog.oneUndoInReviewTakes')}
          </p>
        )}
        <footer className="row end">
          <button type="button" onClick={props.onClose} aria-label={t('importDialog.closeImport')}>
            {done ? t('importDialog.done') : t('importDialog.cancel')}
          </button>
          <button type="submit" disabled={busy} aria-label={t('importDialog.checkImport')}>
            {busy ? t('importDialog.checking') : t('importDialog.check')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || !current || !s || s.wouldImport === 0}
            aria-label={t('importDialog.importCheckedLabels')}
            title={current ? undefined : t('importDialog.clickCheckFirstItShows')}
            onClick={() => void run(false)}
          >
            {t('importDialog.import')}
          </button>
        </footer>
      </form>
      {picking && (
        <FolderPicker
          title={
            spec.pick === 'file'
              ? t('importDialog.chooseTheFileToImport')
              : t('importDialog.chooseTheFolderToImport')
          }
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
