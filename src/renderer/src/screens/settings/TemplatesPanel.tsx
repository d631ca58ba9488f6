// The Templates tab: the project's prompt template sets ("a photo of a {}."), which one is the
// default (the one suggestions are scored with), editing a set's templates and creating a set.
// Changing the default set, or the templates of the default set, re-scores the suggestions. A new
// set is not made the default unless asked, and then the form says how many images that re-scores.
import { useState } from 'react'
import type { TemplateSet } from '../../../../shared/contract'
import { call } from '../../api'
import { Checkbox } from '../../components/FormFields'
import { useApp } from '../../context'
import { parseTemplates } from '../../lib/labels'
import { TemplateLanguageSelect } from '../../components/TemplateLanguageSelect'
import { promptLanguage } from '../../../../shared/prompt-languages'
import { useSave } from './useLabelEdit'
import { i18n, useTranslation } from '../../i18n'

/** the templates of a textarea, or why not (shown beside it; nothing is sent) */
function checked(text: string): { templates: string[]; error: string | null } {
  const t = parseTemplates(text)
  if (t.invalid.length)
    return {
      templates: [],
      error: i18n.t('settings:templatesPanel.hasNoWhereTheLabel', { value: t.invalid[0] })
    }
  if (t.templates.length === 0)
    return { templates: [], error: i18n.t('settings:templatesPanel.writeAtLeastOneTemplate') }
  return { templates: t.templates, error: null }
}

const images = (n: number): string => i18n.t('common:images', { count: n })

function SetCard(props: { set: TemplateSet; isDefault: boolean }): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { api, project } = useApp()
  const { set } = props
  const { busy, save } = useSave()
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(set.name)
  const [text, setText] = useState(set.templates.join('\n'))
  const [language, setLanguage] = useState(set.language ?? null)
  const [error, setError] = useState<string | null>(null)
  const ro = !!project?.readOnly
  const submit = async (): Promise<void> => {
    const c = checked(text)
    setError(c.error)
    if (c.error) return
    const ok = await save(i18n.t('settings:templatesPanel.save2', { name: set.name }), () =>
      call(api, 'templates.update', {
        id: set.id,
        name: name.trim() || set.name,
        templates: c.templates,
        language
      })
    )
    if (ok) setEditing(false)
  }
  return (
    <li className="card template-set" aria-label={t('templatesPanel.templateSet', { name: set.name })}>
      <div className="row">
        <label>
          <input
            type="radio"
            name="default-template-set"
            aria-label={t('templatesPanel.useAsTheDefault', { name: set.name })}
            checked={props.isDefault}
            disabled={ro || busy}
            onChange={() =>
              void save(i18n.t('settings:templatesPanel.changeTheDefaultSet'), () =>
                call(api, 'templates.setDefault', { id: set.id })
              )
            }
          />{' '}
          <strong>{set.name}</strong>
        </label>
        {props.isDefault && <span className="badge">{t('templatesPanel.default')}</span>}
        {set.language && (
          <span className="badge" title={t('templatesPanel.languageBadge')}>
            {promptLanguage(set.language)?.name ?? set.language}
          </span>
        )}
        <span className="muted small">{t('templatesPanel.templates', { length: set.templates.length })}</span>
        <span className="grow" />
        {!editing && (
          <button
            type="button"
            aria-label={t('templatesPanel.edit', { name: set.name })}
            disabled={ro}
            onClick={() => {
              setName(set.name)
              setText(set.templates.join('\n'))
              setLanguage(set.language ?? null)
              setError(null)
              setEditing(true)
            }}
          >
            {t('templatesPanel.edit2')}
          </button>
        )}
      </div>
      {!editing && (
        <ul className="templates muted small">
          {set.templates.map((t, i) => (
            <li key={i} className="mono">
              {t}
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <label>
            {t('templatesPanel.name')}
            <input
              aria-label={t('templatesPanel.templateSetName')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            {t('templatesPanel.writtenIn')}{' '}
            <TemplateLanguageSelect
              label={t('templatesPanel.setLanguage')}
              value={language}
              onChange={setLanguage}
            />
          </label>
          <label>
            {t('templatesPanel.templatesOnePerLineIs')}
            <textarea
              aria-label={t('templatesPanel.templates2')}
              rows={Math.min(12, set.templates.length + 2)}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          {error && (
            <p className="warn" role="alert">
              {error}
            </p>
          )}
          <div className="row end">
            <button type="button" onClick={() => setEditing(false)}>
              {t('templatesPanel.cancel')}
            </button>
            <button
              type="submit"
              className="primary"
              disabled={busy}
              aria-label={t('templatesPanel.saveTemplates')}
            >
              {t('templatesPanel.save')}
            </button>
          </div>
        </form>
      )}
    </li>
  )
}

export function TemplatesPanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { api, project, notify } = useApp()
  const { busy, save } = useSave()
  const [name, setName] = useState('')
  const [text, setText] = useState('a photo of a {}.')
  const [makeDefault, setMakeDefault] = useState(false)
  const [language, setLanguage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const sets = project?.templateSets ?? []
  // choosing a language starts the set from its preset (and its name, when none is written yet)
  const pickLanguage = (code: string | null): void => {
    setLanguage(code)
    const preset = code ? promptLanguage(code) : undefined
    if (preset) {
      setText(preset.templates.join('\n'))
      if (!name.trim()) setName(preset.name)
    }
  }
  // every image with suggestions is scored again with the new default's prompts
  const rescored = project?.counts?.prelabeled ?? 0
  const create = async (): Promise<void> => {
    const c = checked(text)
    setError(c.error ?? (name.trim() ? null : i18n.t('settings:templatesPanel.giveTheSetAName')))
    if (c.error || !name.trim()) return
    const ok = await save(i18n.t('settings:templatesPanel.create', { trim: name.trim() }), () =>
      call(api, 'templates.save', { name: name.trim(), templates: c.templates, makeDefault, language })
    )
    if (ok) {
      notify(
        makeDefault && rescored > 0
          ? i18n.t('settings:templatesPanel.createdNowTheDefaultRe', {
              trim: name.trim(),
              images: images(rescored)
            })
          : i18n.t('settings:templatesPanel.created', { trim: name.trim() }),
        'info'
      )
      setName('')
      setMakeDefault(false)
      setLanguage(null)
    }
  }
  return (
    <div className="templates-panel">
      <ul className="template-sets" aria-label={t('templatesPanel.templateSets')}>
        {sets.map((s) => (
          <SetCard key={s.id} set={s} isDefault={s.id === project?.activeTemplateSetId} />
        ))}
      </ul>
      <form
        className="card form"
        aria-label={t('templatesPanel.newTemplateSet')}
        onSubmit={(e) => {
          e.preventDefault()
          void create()
        }}
      >
        <h2>{t('templatesPanel.newTemplateSet')}</h2>
        <label>
          {t('templatesPanel.name')}
          <input
            aria-label={t('templatesPanel.newTemplateSetName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t('templatesPanel.writtenIn')}{' '}
          <TemplateLanguageSelect
            label={t('templatesPanel.newSetLanguage')}
            value={language}
            onChange={pickLanguage}
          />
        </label>
        <label>
          {t('templatesPanel.templatesOnePerLine')}
          <textarea
            aria-label={t('templatesPanel.newTemplates')}
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <Checkbox checked={makeDefault} onChange={setMakeDefault} className="row">
          {t('templatesPanel.makeItTheDefault')}
        </Checkbox>
        {makeDefault && (
          <p className="warn small" role="note" data-testid="rescore-warning">
            {rescored > 0
              ? t('templatesPanel.creatingItAsTheDefault', { images: images(rescored) })
              : t('templatesPanel.noImageHasSuggestionsYet')}
          </p>
        )}
        {error && (
          <p className="warn" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="submit" className="primary" disabled={busy || !!project?.readOnly}>
            {t('templatesPanel.createSet')}
          </button>
        </div>
      </form>
    </div>
  )
}
