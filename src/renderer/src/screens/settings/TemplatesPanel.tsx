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

/** the templates of a textarea, or why not (shown beside it; nothing is sent) */
function checked(text: string): { templates: string[]; error: string | null } {
  const t = parseTemplates(text)
  if (t.invalid.length) return { templates: [], error: `“${t.invalid[0]}” has no {} where the label goes.` }
  if (t.templates.length === 0)
    return { templates: [], error: 'Write at least one template, e.g. a photo of a {}.' }
  return { templates: t.templates, error: null }
}

const images = (n: number): string => `${n.toLocaleString('en-US')} image${n === 1 ? '' : 's'}`

function SetCard(props: { set: TemplateSet; isDefault: boolean }): React.JSX.Element {
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
    const ok = await save(`save “${set.name}”`, () =>
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
    <li className="card template-set" aria-label={`Template set ${set.name}`}>
      <div className="row">
        <label>
          <input
            type="radio"
            name="default-template-set"
            aria-label={`Use ${set.name} as the default`}
            checked={props.isDefault}
            disabled={ro || busy}
            onChange={() =>
              void save('change the default set', () => call(api, 'templates.setDefault', { id: set.id }))
            }
          />{' '}
          <strong>{set.name}</strong>
        </label>
        {props.isDefault && <span className="badge">default</span>}
        {set.language && (
          <span className="badge" title="Filled with the labels’ names in this language">
            {promptLanguage(set.language)?.name ?? set.language}
          </span>
        )}
        <span className="muted small">{set.templates.length} templates</span>
        <span className="grow" />
        {!editing && (
          <button
            type="button"
            aria-label={`Edit ${set.name}`}
            disabled={ro}
            onClick={() => {
              setName(set.name)
              setText(set.templates.join('\n'))
              setLanguage(set.language ?? null)
              setError(null)
              setEditing(true)
            }}
          >
            Edit
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
            Name
            <input aria-label="Template set name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Written in{' '}
            <TemplateLanguageSelect label="Template set language" value={language} onChange={setLanguage} />
          </label>
          <label>
            Templates, one per line ({'{}'} is where the label goes)
            <textarea
              aria-label="Templates"
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
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy} aria-label="Save templates">
              Save
            </button>
          </div>
        </form>
      )}
    </li>
  )
}

export function TemplatesPanel(): React.JSX.Element {
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
    setError(c.error ?? (name.trim() ? null : 'Give the set a name.'))
    if (c.error || !name.trim()) return
    const ok = await save(`create “${name.trim()}”`, () =>
      call(api, 'templates.save', { name: name.trim(), templates: c.templates, makeDefault, language })
    )
    if (ok) {
      notify(
        makeDefault && rescored > 0
          ? `Created “${name.trim()}”, now the default: re-scoring ${images(rescored)}`
          : `Created “${name.trim()}”`,
        'info'
      )
      setName('')
      setMakeDefault(false)
      setLanguage(null)
    }
  }
  return (
    <div className="templates-panel">
      <ul className="template-sets" aria-label="Template sets">
        {sets.map((s) => (
          <SetCard key={s.id} set={s} isDefault={s.id === project?.activeTemplateSetId} />
        ))}
      </ul>
      <form
        className="card form"
        aria-label="New template set"
        onSubmit={(e) => {
          e.preventDefault()
          void create()
        }}
      >
        <h2>New template set</h2>
        <label>
          Name
          <input aria-label="New template set name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Written in{' '}
          <TemplateLanguageSelect
            label="New template set language"
            value={language}
            onChange={pickLanguage}
          />
        </label>
        <label>
          Templates, one per line
          <textarea
            aria-label="New templates"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <Checkbox checked={makeDefault} onChange={setMakeDefault} className="row">
          Make it the default
        </Checkbox>
        {makeDefault && (
          <p className="warn small" role="note" data-testid="rescore-warning">
            {rescored > 0
              ? `Creating it as the default re-scores the suggestions of ${images(rescored)} with its templates (from the cached embeddings, in the background).`
              : 'No image has suggestions yet: nothing is re-scored now; pre-labelling will use this set.'}
          </p>
        )}
        {error && (
          <p className="warn" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="submit" className="primary" disabled={busy || !!project?.readOnly}>
            Create set
          </button>
        </div>
      </form>
    </div>
  )
}
