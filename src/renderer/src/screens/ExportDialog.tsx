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
import { i18n, useTranslation } from '../i18n'

const FORMATS = (): { value: ExportFormat; label: string }[] => [
  { value: 'csv', label: i18n.t('export:exportDialog.csvPathLabelDecision') },
  { value: 'jsonl', label: i18n.t('export:exportDialog.jsonLines') },
  {
    value: 'imagefolder',
    label: i18n.t('export:exportDialog.imagefolderOneFolderPerLabel')
  },
  {
    value: 'hf',
    label: i18n.t('export:exportDialog.huggingFaceDatasetsImagefolderMetadata')
  },
  {
    value: 'labelstudio',
    label: i18n.t('export:exportDialog.labelStudioTasksLabelingConfig')
  },
  {
    value: 'yolo-cls',
    label: i18n.t('export:exportDialog.ultralyticsYoloClassificationTrainVal')
  },
  {
    value: 'cvat-imagenet',
    label: i18n.t('export:exportDialog.cvatImagenet10Folder')
  },
  {
    value: 'fiftyone-tree',
    label: i18n.t('export:exportDialog.fiftyoneDirectoryTreeFolderPer')
  },
  {
    value: 'fiftyone-json',
    label: i18n.t('export:exportDialog.fiftyoneClassificationDatasetDataLabels')
  },
  {
    value: 'coco-labels',
    label: i18n.t('export:exportDialog.cocoImageLabelsDatumaroCoco')
  }
]

export function ExportDialog(props: { onClose(): void }): React.JSX.Element {
  const { t } = useTranslation(['export', 'common'])
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
  const formats = tags ? FORMATS().filter((f) => TAG_EXPORT_FORMATS.includes(f.value)) : FORMATS()
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
      setError(i18n.t('export:exportDialog.split2', { message: (err as Error).message }))
      return
    }
    const include = [...(accepted ? ['accepted' as const] : []), ...(corrected ? ['corrected' as const] : [])]
    if (!include.length && !tags) {
      setError(i18n.t('export:exportDialog.includeAtLeastAcceptedOr'))
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
    <Dialog title={t('exportDialog.exportLabels')} onClose={props.onClose} testId="export-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <OptionSelect<ExportFormat>
          label={t('exportDialog.format')}
          ariaLabel={i18n.t('export:exportDialog.exportFormat')}
          value={shown}
          options={formats}
          onChange={setFormat}
        />
        <PathField
          label={t('exportDialog.outputFolder')}
          ariaLabel={i18n.t('export:exportDialog.outputFolder')}
          value={outDir}
          onChange={setOutDir}
          browseLabel={i18n.t('export:exportDialog.browseForTheOutputFolder')}
          onBrowse={() => setPicking(true)}
        />
        <div className="row wrap">
          <label>
            {t('exportDialog.split')}{' '}
            <input
              aria-label={t('exportDialog.splitEGTrain0')}
              placeholder={t('exportDialog.train08Val0')}
              value={split}
              onChange={(e) => setSplit(e.target.value)}
            />
          </label>
          <label>
            {t('exportDialog.seed')}{' '}
            <input
              aria-label={t('exportDialog.splitSeed')}
              className="narrow"
              type="number"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
          </label>
          {folderFormat && (
            <label>
              {t('exportDialog.files')}{' '}
              <select
                aria-label={t('exportDialog.linkMode')}
                value={link}
                onChange={(e) => setLink(e.target.value as typeof link)}
              >
                <option value="copy">{t('exportDialog.copy')}</option>
                <option value="hardlink">{t('exportDialog.hardLink')}</option>
                <option value="symlink">{t('exportDialog.symbolicLink')}</option>
              </select>
            </label>
          )}
        </div>
        <fieldset className="row wrap">
          <legend>{t('exportDialog.include')}</legend>
          {tags ? (
            <Checkbox
              ariaLabel={i18n.t('export:exportDialog.includePartlyDecidedImages')}
              checked={includePartial}
              onChange={setIncludePartial}
              title={t('exportDialog.byDefaultOnlyImagesWhose')}
            >
              {t('exportDialog.imagesWithSomeTagsStill')}
            </Checkbox>
          ) : (
            <>
              <Checkbox
                ariaLabel={i18n.t('export:exportDialog.includeAccepted')}
                checked={accepted}
                onChange={setAccepted}
              >
                {t('exportDialog.accepted')}
              </Checkbox>
              <Checkbox
                ariaLabel={i18n.t('export:exportDialog.includeCorrected')}
                checked={corrected}
                onChange={setCorrected}
              >
                {t('exportDialog.corrected')}
              </Checkbox>
            </>
          )}
          <Checkbox
            ariaLabel={i18n.t('export:exportDialog.overwriteANonEmptyFolder')}
            checked={force}
            onChange={setForce}
          >
            {t('exportDialog.overwriteANonEmptyFolder')}
          </Checkbox>
          <Checkbox
            ariaLabel={i18n.t('export:exportDialog.rawCsvValues')}
            checked={csvRaw}
            onChange={setCsvRaw}
            title={t('exportDialog.byDefaultACsvCell')}
          >
            {t('exportDialog.rawCsvValuesNoFormula')}
          </Checkbox>
          <Checkbox
            ariaLabel={i18n.t('export:exportDialog.includeImagesMissingAtThe2')}
            checked={includeMissing && !folderFormat}
            disabled={folderFormat}
            onChange={setIncludeMissing}
            title={t('exportDialog.imagesWhoseFilesWereMissing')}
          >
            {t('exportDialog.includeImagesMissingAtThe')}
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
              <strong>{result.total}</strong> {t('exportDialog.imagesExportedTo')}{' '}
              <span className="mono">{result.outDir}</span>
            </p>
            {result.leftOut.missing + result.leftOut.unreadable + result.leftOut.notCopied > 0 && (
              <p data-testid="export-left-out">
                {t('exportDialog.leftOutMissingUnreadableNot', {
                  missing: result.leftOut.missing,
                  unreadable: result.leftOut.unreadable,
                  notCopied: result.leftOut.notCopied
                })}
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
                {t('exportDialog.labelingConfigToPasteInto')}
                <textarea
                  aria-label={t('exportDialog.labelStudioLabelingConfig')}
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
          <button
            type="button"
            onClick={() => setImporting(true)}
            aria-label={t('exportDialog.importLabels')}
          >
            {t('exportDialog.importLabels2')}
          </button>
          <span className="grow" />
          <button type="button" onClick={props.onClose} aria-label={t('exportDialog.closeExport')}>
            {result ? t('exportDialog.done') : t('exportDialog.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} aria-label={t('exportDialog.runExport')}>
            {busy ? t('exportDialog.exporting') : t('exportDialog.export')}
          </button>
        </footer>
      </form>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {picking && (
        <FolderPicker
          title={t('exportDialog.exportInto')}
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
