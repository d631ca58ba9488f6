// Fields the two team dialogs share: the server's connection string, a password with a word on
// where the app keeps it (the system's keychain, or this session only), and the members to add.
import { useEffect, useState } from 'react'
import type { PasswordStorage } from '../../../shared/contract'
import { call } from '../api'
import { useApp } from '../context'
import { Checkbox } from './FormFields'

export function ServerUrlField(props: {
  value: string
  onChange(v: string): void
  placeholder: string
}): React.JSX.Element {
  return (
    <label>
      PostgreSQL server{' '}
      <span className="muted small">
        postgres://user@host:port/database (add ?sslmode=verify-full for a server on the network)
      </span>
      <input
        aria-label="Connection string"
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
        {storage ? `${storage.note} ` : ''}Left empty: PGPASSWORD or ~/.pgpass, as for the command line.
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
  const { member: m, index: i } = props
  return (
    <li className="row wrap">
      <input
        aria-label={`Member ${i + 1} name`}
        placeholder="name (lower-case, e.g. ann)"
        className="mono"
        value={m.name}
        autoComplete="off"
        onChange={(e) => props.onChange({ ...m, name: e.target.value })}
      />
      <input
        type="password"
        aria-label={`Member ${i + 1} password`}
        placeholder="their password"
        value={m.password}
        autoComplete="new-password"
        onChange={(e) => props.onChange({ ...m, password: e.target.value })}
      />
      <Checkbox checked={m.reviewer} onChange={(reviewer) => props.onChange({ ...m, reviewer })}>
        reviewer
      </Checkbox>
      {props.onRemove && (
        <button type="button" className="icon" aria-label={`Remove member ${i + 1}`} onClick={props.onRemove}>
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
