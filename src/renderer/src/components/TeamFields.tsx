// Fields the two team dialogs share: the server's connection string, a password with a word on
// where the app keeps it (the system's keychain, or this session only), and the members to add.
import { useEffect, useState } from 'react'
import type { PasswordStorage } from '../../../shared/contract'
import { call } from '../api'
import { useApp } from '../context'
import { useTranslation } from '../i18n'
import { Checkbox } from './FormFields'

export function ServerUrlField(props: {
  value: string
  onChange(v: string): void
  placeholder: string
}): React.JSX.Element {
  const { t } = useTranslation('settings')
  return (
    <label>
      {t('teamFields.server')} <span className="muted small">{t('teamFields.serverHint')}</span>
      <input
        aria-label={t('teamFields.connectionString')}
        className="mono"
        value={props.value}
        placeholder={props.placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  )
}

/** Where a typed password will be kept, as the main process says. */
function usePasswordStorage(): PasswordStorage | null {
  const { api } = useApp()
  const [storage, setStorage] = useState<PasswordStorage | null>(null)
  useEffect(() => {
    let live = true
    call(api, 'team.passwordStorage', {}).then(
      (s) => live && setStorage(s),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [api])
  return storage
}

export function PasswordField(props: {
  label: string
  value: string
  onChange(v: string): void
}): React.JSX.Element {
  const { t } = useTranslation('settings')
  const storage = usePasswordStorage()
  return (
    <label>
      {props.label}
      <input
        type="password"
        aria-label={props.label}
        value={props.value}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span
        className={storage && !storage.persistent ? 'warn small' : 'muted small'}
        data-testid="password-note"
      >
        {storage ? `${storage.note} ` : ''}
        {t('teamFields.emptyPassword')}
      </span>
    </label>
  )
}

export interface MemberDraft {
  name: string
  password: string
  reviewer: boolean
}

export const emptyMember = (): MemberDraft => ({ name: '', password: '', reviewer: false })

/** One member to add: their role name on the server, their password, whether they review. */
export function MemberRow(props: {
  index: number
  member: MemberDraft
  onChange(m: MemberDraft): void
  onRemove?: () => void
}): React.JSX.Element {
  const { t } = useTranslation('settings')
  const { member: m, index: i } = props
  return (
    <li className="row wrap">
      <input
        aria-label={t('teamFields.memberName', { n: i + 1 })}
        placeholder={t('teamFields.namePlaceholder')}
        className="mono"
        value={m.name}
        autoComplete="off"
        onChange={(e) => props.onChange({ ...m, name: e.target.value })}
      />
      <input
        type="password"
        aria-label={t('teamFields.memberPassword', { n: i + 1 })}
        placeholder={t('teamFields.theirPassword')}
        value={m.password}
        autoComplete="new-password"
        onChange={(e) => props.onChange({ ...m, password: e.target.value })}
      />
      <Checkbox checked={m.reviewer} onChange={(reviewer) => props.onChange({ ...m, reviewer })}>
        {t('teamFields.reviewer')}
      </Checkbox>
      {props.onRemove && (
        <button
          type="button"
          className="icon"
          aria-label={t('teamFields.removeMember', { n: i + 1 })}
          onClick={props.onRemove}
        >
          ×
        </button>
      )}
    </li>
  )
}

/** The members worth sending: a name typed (the server refuses a bad one, with its reason). */
export const typedMembers = (ms: MemberDraft[]) =>
  ms
    .filter((m) => m.name.trim() !== '')
    .map((m) => ({ name: m.name.trim(), password: m.password || undefined, reviewer: m.reviewer }))
