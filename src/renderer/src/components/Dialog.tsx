// A modal dialog on the native <dialog> element: focus is trapped by the browser, Esc closes.
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from '../i18n'

export function Dialog(props: {
  title: string
  onClose(): void
  children: ReactNode
  wide?: boolean
  testId?: string
}): React.JSX.Element {
  const { t } = useTranslation('common')
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (typeof d.showModal === 'function' && !d.open) d.showModal()
    else d.setAttribute('open', '')
  }, [])
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'dialog wide' : 'dialog'}
      aria-label={props.title}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
    >
      <header className="dialog-head">
        <h2>{props.title}</h2>
        <button type="button" className="icon" aria-label={t('dialog.close')} onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.children}
    </dialog>
  )
}
