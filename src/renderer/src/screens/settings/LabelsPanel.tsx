// The Labels tab: every label with its decided images; add one (name, descriptions, synonyms),
// and per label rename, describe, colour, hotkey, merge and archive (LabelRow). Archived and merged
// labels are listed apart: they are out of the suggestions but their decisions stay.
import { useEffect, useMemo, useState } from 'react'
import type { LabelCount } from '../../../../shared/contract'
import { joinDescriptions } from '../../../../shared/label-text'
import { call } from '../../api'
import { Checkbox } from '../../components/FormFields'
import { useApp } from '../../context'
import { STALE, useLatest } from '../../lib/latest'
import { assignTagKeys } from '../../lib/tag-keys'
import { LabelRow } from './LabelRow'
import { splitList, useSave } from './useLabelEdit'
import { useTranslation } from '../../i18n'

export function LabelsPanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { api, project, notify } = useApp()
  const labels = useMemo(() => project?.labels ?? [], [project])
  const [counts, setCounts] = useState<Map<number, LabelCount>>(new Map())
  const [showArchived, setShowArchived] = useState(false)
  const countsReq = useLatest()
  const { busy, save } = useSave()
  const [name, setName] = useState('')
  const [descriptions, setDescriptions] = useState('')
  const [synonyms, setSynonyms] = useState('')

  // counts follow every project refresh (a decision elsewhere, a merge, a rename)
  useEffect(() => {
    if (!project) return
    countsReq
      .run(() => call(api, 'labels.counts', {}))
      .then(
        (c) => c !== STALE && setCounts(new Map(c.map((x) => [x.labelId, x]))),
        () => undefined
      )
  }, [api, project, countsReq])

  const active = labels.filter((l) => !l.archived)
  const inactive = labels.filter((l) => l.archived)
  const nameOf = new Map(labels.map((l) => [l.id, l.name]))
  // a tags project: each tag's review key, as the review screen hands them out
  const tagKeys =
    project?.kind === 'tags' ? assignTagKeys(active.map((l) => ({ labelId: l.id, key: l.hotkey }))) : null
  const clash = labels.find((l) => l.name.toLowerCase() === name.trim().toLowerCase())

  const add = async (): Promise<void> => {
    const n = name.trim()
    if (!n) return
    const ok = await save(`add “${n}”`, () =>
      call(api, 'labels.add', {
        labels: [
          { name: n, descriptions: joinDescriptions(splitList(descriptions, /\n/), splitList(synonyms)) }
        ]
      })
    )
    if (ok) {
      notify(`Added “${n}”`, 'info')
      setName('')
      setDescriptions('')
      setSynonyms('')
    }
  }

  const rows = (list: typeof labels): React.JSX.Element[] =>
    list.map((l) => (
      <LabelRow
        key={l.id}
        label={l}
        count={counts.get(l.id)}
        targets={active.filter((t) => t.id !== l.id)}
        mergedIntoName={l.mergedInto ? (nameOf.get(l.mergedInto) ?? null) : null}
        tagKey={tagKeys?.get(l.id)}
      />
    ))

  return (
    <div className="labels-panel">
      <form
        className="card form"
        aria-label={t('labelsPanel.addALabel')}
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <h2>{t('labelsPanel.addALabel')}</h2>
        <label>
          {t('labelsPanel.name')}
          <input
            aria-label={t('labelsPanel.newLabelName')}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {clash && (
          <p className="muted small">
            {t('labelsPanel.exists', { name: clash.name })}
            {clash.archived ? t('labelsPanel.archivedAddingItUnarchivesIt') : ''}.
          </p>
        )}
        <label>
          {t('labelsPanel.descriptionsOnePerLineOptional')}
          <textarea
            aria-label={t('labelsPanel.newLabelDescriptions')}
            rows={2}
            value={descriptions}
            onChange={(e) => setDescriptions(e.target.value)}
          />
        </label>
        <label>
          {t('labelsPanel.synonymsOptionalCommaSeparated')}
          <input
            aria-label={t('labelsPanel.newLabelSynonyms')}
            value={synonyms}
            onChange={(e) => setSynonyms(e.target.value)}
          />
        </label>
        <div className="row end">
          <button type="submit" className="primary" disabled={busy || !name.trim() || !!project?.readOnly}>
            {t('labelsPanel.addLabel')}
          </button>
        </div>
      </form>

      <section className="card" aria-labelledby="labels-title">
        <div className="row">
          <h2 id="labels-title">{t('labelsPanel.labels', { length: active.length })}</h2>
          <span className="grow" />
          <Checkbox checked={showArchived} onChange={setShowArchived} className="small">
            {t('labelsPanel.showArchivedAndMerged', { length: inactive.length })}
          </Checkbox>
        </div>
        {project?.kind === 'tags' && (
          <p className="muted small" data-testid="tag-keys-note">
            {t('labelsPanel.eachLabelIsATag')}
          </p>
        )}
        <ul className="label-list" aria-label={t('labelsPanel.activeLabels')}>
          {rows(active)}
        </ul>
        {showArchived && inactive.length > 0 && (
          <>
            <h3>{t('labelsPanel.archivedAndMerged')}</h3>
            <p className="muted small">{t('labelsPanel.notSuggestedAnyMoreTheir')}</p>
            <ul className="label-list" aria-label={t('labelsPanel.archivedLabels')}>
              {rows(inactive)}
            </ul>
          </>
        )}
      </section>
    </div>
  )
}
