// One label in the settings list: its colour, name, decided images, hotkey and prompts, with
// edit (name, descriptions, synonyms, colour, hotkey), merge into another label and archive.
import { useState } from 'react'
import type { Label, LabelCount } from '../../../../shared/contract'
import { joinDescriptions, splitDescriptions } from '../../../../shared/label-text'
import { namesText, parseNamesText } from '../../lib/label-languages'
import { call } from '../../api'
import { useApp } from '../../context'
import { splitList, useSave } from './useLabelEdit'
import { i18n, useTranslation } from '../../i18n'

type Mode = 'view' | 'edit' | 'merge'

const images = (n: number): string =>
  n === 1 ? i18n.t('settings:labelRow.the1Image') : i18n.t('settings:labelRow.theImages', { n })

export function LabelRow(props: {
  label: Label
  count: LabelCount | undefined
  /** labels it can be merged into (active, not itself) */
  targets: Label[]
  mergedIntoName: string | null
  /** a tags project: the key that toggles this tag in review (its hotkey, or the default it got) */
  tagKey?: string
}): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
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
    const ok = await save(i18n.t('settings:labelRow.save2', { name: l.name }), () =>
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
    const ok = await save(i18n.t('settings:labelRow.merge4', { name: l.name }), () =>
      call(api, 'labels.merge', { fromId: l.id, intoId: into })
    )
    if (ok) setMode('view')
  }
  const archive = (archived: boolean): void =>
    void save(t(archived ? 'labelRow.archiveWhat' : 'labelRow.unarchiveWhat', { name: l.name }), () =>
      call(api, 'labels.update', { id: l.id, archived })
    )

  return (
    <li
      className={`label-row${l.archived ? ' archived' : ''}`}
      aria-label={t('labelRow.label', { name: l.name })}
    >
      <div className="row">
        <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
        <strong className="label-name">{l.name}</strong>
        {props.tagKey !== undefined ? (
          <kbd title={l.hotkey ? t('labelRow.itsKeyInReview') : t('labelRow.itsKeyInReviewA')}>
            {props.tagKey}
          </kbd>
        ) : (
          l.hotkey && <kbd title="hotkey">{l.hotkey}</kbd>
        )}
        <span
          className="counter"
          data-testid={`decided-${l.name}`}
          title={t('labelRow.imagesDecidedAsThisLabel')}
        >
          {count?.decided ?? 0} {t('labelRow.decided')}
        </span>
        {props.mergedIntoName ? (
          <span className="badge">
            {t('labelRow.mergedInto', { mergedIntoName: props.mergedIntoName })}
            {count?.recorded ?? 0} {t('labelRow.recorded')}
          </span>
        ) : (
          l.archived && <span className="badge">{t('labelRow.archived')}</span>
        )}
        <span className="grow" />
        {!props.mergedIntoName && (
          <>
            <button
              type="button"
              aria-label={t('labelRow.edit', { name: l.name })}
              disabled={ro || busy}
              onClick={startEdit}
            >
              {t('labelRow.edit2')}
            </button>
            {!l.archived && (
              <button
                type="button"
                aria-label={t('labelRow.merge', { name: l.name })}
                disabled={ro || busy}
                onClick={() => setMode('merge')}
              >
                {t('labelRow.merge2')}
              </button>
            )}
            <button
              type="button"
              aria-label={
                l.archived
                  ? t('labelRow.unarchiveLabel', { name: l.name })
                  : t('labelRow.archiveLabel', { name: l.name })
              }
              disabled={ro || busy}
              onClick={() => archive(!l.archived)}
            >
              {l.archived ? t('labelRow.unarchive') : t('labelRow.archive')}
            </button>
          </>
        )}
      </div>
      {mode === 'view' && (split.synonyms.length > 0 || split.descriptions.length > 0) && (
        <div className="muted small label-prompts">
          {split.synonyms.length > 0 && (
            <span>{t('labelRow.aka', { join: split.synonyms.join(', ') })} </span>
          )}
          {split.descriptions.join(' · ')}
        </div>
      )}
      {mode === 'view' && Object.keys(l.names ?? {}).length > 0 && (
        <div className="muted small label-names" aria-label={t('labelRow.namesInOtherLanguages')}>
          {Object.entries(l.names ?? {})
            .map(([lang, t]) => `${lang}: ${t.name}`)
            .join(' · ')}
        </div>
      )}
      {mode === 'edit' && (
        <form
          className="form label-edit"
          aria-label={t('labelRow.editLabel', { name: l.name })}
          onSubmit={(e) => {
            e.preventDefault()
            void saveEdit()
          }}
        >
          <label>
            {t('labelRow.name')}
            <input
              aria-label={t('labelRow.labelName')}
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            {t('labelRow.descriptionsOnePerLineEach')}
            <textarea
              aria-label={t('labelRow.descriptions')}
              rows={3}
              value={descriptions}
              onChange={(e) => setDescriptions(e.target.value)}
            />
          </label>
          <label>
            {t('labelRow.synonymsOtherNamesOfThe')}
            <input
              aria-label={t('labelRow.synonyms')}
              value={synonyms}
              onChange={(e) => setSynonyms(e.target.value)}
            />
          </label>
          <label>
            {t('labelRow.otherLanguagesHint')}
            <textarea
              aria-label={t('labelRow.otherLanguages')}
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
              {t('labelRow.colour')}{' '}
              <input
                type="color"
                aria-label={t('labelRow.colour')}
                value={color}
                onChange={(e) => setColor(e.target.value)}
              />
            </label>
            <label>
              {t('labelRow.hotkey')}{' '}
              <input
                aria-label={t('labelRow.hotkey')}
                className="hotkey"
                value={hotkey}
                maxLength={1}
                onChange={(e) => setHotkey(e.target.value)}
              />
            </label>
            <span className="grow" />
            <button type="button" onClick={() => setMode('view')}>
              {t('labelRow.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy} aria-label={t('labelRow.saveLabel')}>
              {t('labelRow.save')}
            </button>
          </div>
        </form>
      )}
      {mode === 'merge' && (
        <div
          className="label-merge"
          role="group"
          aria-label={t('labelRow.mergeIntoAnotherLabel', { name: l.name })}
        >
          <div className="row">
            <label>
              {t('labelRow.mergeInto', { name: l.name })}{' '}
              <select
                aria-label={t('labelRow.mergeInto2')}
                value={into}
                onChange={(e) => setInto(e.target.value === '' ? '' : Number(e.target.value))}
              >
                <option value="">{t('labelRow.chooseALabel')}</option>
                {props.targets.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => setMode('view')}>
              {t('labelRow.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || into === ''}
              onClick={() => void merge()}
            >
              {t('labelRow.merge3')}
            </button>
          </div>
          <p className="muted small">
            {target
              ? t('labelRow.decidedAsWillCountAs', {
                  images: images(count?.decided ?? 0),
                  name: l.name,
                  name2: target.name
                })
              : t('labelRow.itsDecisionsWillCountAs')}
          </p>
        </div>
      )}
    </li>
  )
}
