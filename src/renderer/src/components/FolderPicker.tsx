// Picks a folder (or a file) through the contract's fs.list channel, so it works the same in
// Electron and in the browser, where no native dialog can reveal server-side paths.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DirEntry } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { Dialog } from './Dialog'
import { useTranslation } from '../i18n'

export function FolderPicker(props: {
  title: string
  start?: string
  /** 'file' lets the user pick a file whose name matches `accept` */
  mode?: 'folder' | 'file'
  accept?: RegExp
  onPick(path: string): void
  onClose(): void
}): React.JSX.Element {
  const { t } = useTranslation('common')
  const { api } = useApp()
  const [path, setPath] = useState(props.start ?? '')
  const [typed, setTyped] = useState(props.start ?? '')
  const [parent, setParent] = useState<string | null>(null)
  const [entries, setEntries] = useState<DirEntry[]>([])
  const [error, setError] = useState<string | null>(null)
  const mode = props.mode ?? 'folder'
  // the start folder is listed on mount; a path typed + Go before that answer must win over it
  const latest = useLatest()
  // text typed while a listing was on its way: the listing must not wipe it (a path typed before
  // the start folder's answer arrived, then Go, would otherwise list the start folder again)
  const edited = useRef(false)

  /** Lists a folder; its path as listed, or null when the listing failed or a later one won. */
  const load = useCallback(
    async (p: string | undefined): Promise<string | null> => {
      try {
        edited.current = false
        const r = await latest.run(() => call(api, 'fs.list', p ? { path: p } : {}))
        if (r === STALE) return null
        setPath(r.path)
        if (!edited.current) setTyped(r.path)
        setParent(r.parent)
        setEntries(r.entries)
        setError(null)
        return r.path
      } catch (err) {
        setError(toAppError(err).message)
        return null
      }
    },
    [api, latest]
  )
  useEffect(() => {
    void load(props.start || undefined)
  }, [load, props.start])

  const shown = entries.filter(
    (e) => e.isDir || (mode === 'file' && (!props.accept || props.accept.test(e.name)))
  )

  return (
    <Dialog title={props.title} onClose={props.onClose} testId="folder-picker">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          void load(typed)
        }}
      >
        <input
          aria-label={t('folderPicker.folderPath')}
          className="grow"
          value={typed}
          onChange={(e) => {
            edited.current = true
            setTyped(e.target.value)
          }}
        />
        <button type="submit">{t('folderPicker.go')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="picker-list" aria-label={t('folderPicker.folderContents')}>
        {parent && (
          <li>
            <button
              type="button"
              className="link"
              onClick={() => void load(parent)}
              aria-label={t('folderPicker.parentFolder')}
            >
              ⬑ ..
            </button>
          </li>
        )}
        {shown.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className="link"
              aria-label={
                e.isDir
                  ? t('folderPicker.openFolder', { name: e.name })
                  : t('folderPicker.chooseFile', { name: e.name })
              }
              onClick={() => (e.isDir ? void load(e.path) : props.onPick(e.path))}
            >
              {e.isDir ? '📁' : '📄'} {e.name}
            </button>
          </li>
        ))}
        {shown.length === 0 && (
          <li className="muted">
            {t('folderPicker.no')} {mode === 'file' ? t('folderPicker.matchingFilesOr') : ''}
            {t('folderPicker.folders')}
          </li>
        )}
      </ul>
      <footer className="row end">
        <button type="button" onClick={props.onClose}>
          {t('folderPicker.cancel')}
        </button>
        {mode === 'folder' && (
          <button
            type="button"
            className="primary"
            aria-label={t('folderPicker.chooseThisFolder')}
            onClick={() =>
              void (async () => {
                // the folder in the field: one typed (or still being listed after Go) is listed
                // first, so the previous folder is never chosen in its place and a path that does
                // not exist shows its error instead
                const chosen = typed === path ? path : await load(typed)
                if (chosen) props.onPick(chosen)
              })()
            }
          >
            {t('folderPicker.chooseThisFolder')}
          </button>
        )}
      </footer>
    </Dialog>
  )
}
