// One label in the settings list: its colour, name, decided images, hotkey and prompts, with
// edit (name, descriptions, synonyms, colour, hotkey), merge into another label and archive.
import { useState } from 'react'
import type { Label, LabelCount } from '../../../../shared/contract'
import { joinDescriptions, splitDescriptions } from '../../../../shared/label-text'
import { namesText, parseNamesText } from '../../lib/label-languages'
import { call } from '../../api'
import { useApp } from '../../context'
import { splitList, useSave } from './useLabelEdit'

type Mode = 'view' | 'edit' | 'merge'

const images = (n: number): string => (n === 1 ? 'The 1 image' : `The ${n} images`)

export function LabelRow(props: {
  label: Label
  count: LabelCount | undefined
  /** labels it can be merged into (active, not itself) */
  targets: Label[]
  mergedIntoName: string | null
  /** a tags project: the key that toggles this tag in review (its hotkey, or the default it got) */
  tagKey?: string
}): React.JSX.Element {
  const { api, project } = useApp()
  const { label: l, count } = props
  const { busy, save } = useSave()
  const [mode, setMode] = useState<Mode>('view')
  const split = splitDescriptions(l.descriptions)
  const [name, setName] = useState(l.name)
  const [descriptions, setDescriptions] = useState(split.descriptions.join('\n'))
  const [synonyms, setSynonyms] = useState(split.synonyms.join(', '))
  const [names, setNames] = useState(namesText(l.names))
  const [namesError, setNamesError] = useState<string | null>(null)
  const [color, setColor] = useState(l.color)
  const [hotkey, setHotkey] = useState(l.hotkey ?? '')
  const [into, setInto] = useState<number | ''>('')
  const ro = !!project?.readOnly
  const target = props.targets.find((t) => t.id === into)

  const startEdit = (): void => {
    setName(l.name)
    setDescriptions(split.descriptions.join('\n'))
    setSynonyms(split.synonyms.join(', '))
    setNames(namesText(l.names))
    setNamesError(null)
    setColor(l.color)
    setHotkey(l.hotkey ?? '')
    setMode('edit')
  }
  const saveEdit = async (): Promise<void> => {
    const other = parseNamesText(names)
    setNamesError(other.error)
    if (other.error !== null) return
    const ok = await save(`save “${l.name}”`, () =>
      call(api, 'labels.update', {
        id: l.id,
        name: name.trim() || l.name,
        descriptions: joinDescriptions(splitList(descriptions, /\n/), splitList(synonyms)),
        names: other.names,
        color,
        hotkey: hotkey.trim() ? [...hotkey.trim()][0]! : null
      })
    )
    if (ok) setMode('view')
  }
  const merge = async (): Promise<void> => {
    if (into === '') return
    const ok = await save(`merge “${l.name}”`, () =>
      call(api, 'labels.merge', { fromId: l.id, intoId: into })
    )
    if (ok) setMode('view')
  }
  const archive = (archived: boolean): void =>
    void save(`${archived ? 'archive' : 'unarchive'} “${l.name}”`, () =>
      call(api, 'labels.update', { id: l.id, archived })
    )

  return (
    <li className={`label-row${l.archived ? ' archived' : ''}`} aria-label={`Label ${l.name}`}>
      <div className="row">
        <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
        <strong className="label-name">{l.name}</strong>
        {props.tagKey !== undefined ? (
          <kbd
            title={l.hotkey ? 'its key in review' : 'its key in review (a default: set a hotkey to choose)'}
          >
            {props.tagKey}
          </kbd>
        ) : (
          l.hotkey && <kbd title="hotkey">{l.hotkey}</kbd>
        )}
        <span className="counter" data-testid={`decided-${l.name}`} title="images decided as this label">
          {count?.decided ?? 0} decided
        </span>
        {props.mergedIntoName ? (
          <span className="badge">
            merged into {props.mergedIntoName} ({count?.recorded ?? 0} recorded)
          </span>
        ) : (
          l.archived && <span className="badge">archived</span>
        )}
        <span className="grow" />
        {!props.mergedIntoName && (
          <>
            <button type="button" aria-label={`Edit ${l.name}`} disabled={ro || busy} onClick={startEdit}>
              Edit
            </button>
            {!l.archived && (
              <button
                type="button"
                aria-label={`Merge ${l.name}`}
                disabled={ro || busy}
                onClick={() => setMode('merge')}
              >
                Merge…
              </button>
            )}
            <button
              type="button"
              aria-label={`${l.archived ? 'Unarchive' : 'Archive'} ${l.name}`}
              disabled={ro || busy}
              onClick={() => archive(!l.archived)}
            >
              {l.archived ? 'Unarchive' : 'Archive'}
            </button>
          </>
        )}
      </div>
      {mode === 'view' && (split.synonyms.length > 0 || split.descriptions.length > 0) && (
        <div className="muted small label-prompts">
          {split.synonyms.length > 0 && <span>aka {split.synonyms.join(', ')}. </span>}
          {split.descriptions.join(' · ')}
        </div>
      )}
      {mode === 'view' && Object.keys(l.names ?? {}).length > 0 && (
        <div className="muted small label-names" aria-label="Names in other languages">
          {Object.entries(l.names ?? {})
            .map(([lang, t]) => `${lang}: ${t.name}`)
            .join(' · ')}
        </div>
      )}
      {mode === 'edit' && (
        <form
          className="form label-edit"
          aria-label={`Edit label ${l.name}`}
          onSubmit={(e) => {
            e.preventDefault()
            void saveEdit()
          }}
        >
          <label>
            Name
            <input
              aria-label="Label name"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            Descriptions (one per line; each becomes extra prompts)
            <textarea
              aria-label="Descriptions"
              rows={3}
              value={descriptions}
              onChange={(e) => setDescriptions(e.target.value)}
            />
          </label>
          <label>
            Synonyms (other names of the same class, comma-separated)
            <input aria-label="Synonyms" value={synonyms} onChange={(e) => setSynonyms(e.target.value)} />
          </label>
          <label>
            Other languages (one per line: zh = 斑马, or zh = 斑马: a description; for template sets written
            in them)
            <textarea
              aria-label="Other languages"
              rows={2}
              value={names}
              onChange={(e) => setNames(e.target.value)}
            />
          </label>
          {namesError && (
            <p className="warn" role="alert">
              {namesError}
            </p>
          )}
          <div className="row">
            <label>
              Colour{' '}
              <input
                type="color"
                aria-label="Colour"
                value={color}
                onChange={(e) => setColor(e.target.value)}
              />
            </label>
            <label>
              Hotkey{' '}
              <input
                aria-label="Hotkey"
                className="hotkey"
                value={hotkey}
                maxLength={1}
                onChange={(e) => setHotkey(e.target.value)}
              />
            </label>
            <span className="grow" />
            <button type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy} aria-label="Save label">
              Save
            </button>
          </div>
        </form>
      )}
      {mode === 'merge' && (
        <div className="label-merge" role="group" aria-label={`Merge ${l.name} into another label`}>
          <div className="row">
            <label>
              Merge “{l.name}” into{' '}
              <select
                aria-label="Merge into"
                value={into}
                onChange={(e) => setInto(e.target.value === '' ? '' : Number(e.target.value))}
              >
                <option value="">choose a label…</option>
                {props.targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || into === ''}
              onClick={() => void merge()}
            >
              Merge
            </button>
          </div>
          <p className="muted small">
            {target
              ? `${images(count?.decided ?? 0)} decided as “${l.name}” will count as “${target.name}” in review, the grid and exports. The decision log keeps “${l.name}”, and exports name it as the recorded label.`
              : 'Its decisions will count as the label you choose; the decision log keeps this one.'}
          </p>
        </div>
      )}
    </li>
  )
}
