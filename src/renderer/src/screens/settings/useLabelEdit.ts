// One way for the settings panels to save an edit: call, refresh the project (labels, templates),
// report a failure as a toast and keep the form's text (nothing typed is lost on an error).
import { useCallback, useState } from 'react'
import { toAppError } from '../../api'
import { useApp } from '../../context'
import { i18n } from '../../i18n'

export function useSave(): {
  busy: boolean
  /** resolves true when `fn` succeeded */
  save(what: string, fn: () => Promise<unknown>): Promise<boolean>
} {
  const { notify, refreshProject } = useApp()
  const [busy, setBusy] = useState(false)
  const save = useCallback(
    async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true)
      try {
        await fn()
        await refreshProject()
        return true
      } catch (err) {
        notify(i18n.t('settings:useLabelEdit.couldNot', { what, message: toAppError(err).message }))
        return false
      } finally {
        setBusy(false)
      }
    },
    [notify, refreshProject]
  )
  return { busy, save }
}

/** "a, b; c" or one per line -> ["a", "b", "c"] */
export function splitList(text: string, sep: RegExp = /[\n,;]/): string[] {
  return text
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean)
}
