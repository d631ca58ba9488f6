// Compare: which prompt templates work on this project's reviewed images. Runs the comparison
// (compare.run), shows templates ranked by top-1, ensembles vs the best single template, a
// sortable per-class table, the confusion matrix and the largest confusions with thumbnails (each
// opens its images in review as a queue), the auto-accept
// coverage/precision curve with the suggested threshold, and the adaptation learning curve; any
// evaluated set (or the greedy selection) can be made the project default (compare.apply),
// which re-scores the suggestions in the background. A tags project's report is tag by tag
// (CompareTags.tsx): each set's mAP, the per-tag table and the learning curve in mAP. Below, which
// model suits the dataset (CompareModels.tsx) and how far the annotators agree (CompareAgreement.tsx).
import { useCallback, useContext, useEffect, useId, useMemo, useState } from 'react'
import type { PresetInfo, ZebraApi } from '../../../shared/contract'
import type { CompareReport, LearningCurvePoint } from '../../../shared/report'
import { Checkbox } from '../components/FormFields'
import { AppContext } from '../context'
import { STALE, useLatest } from '../lib/latest'
import { CoverageSection, EnsemblesSection, LearningCurveSection } from './CompareCharts'
import { ConfusionMatrix, Confusions } from './CompareConfusions'
import { PerClassTable, TemplatesTable } from './CompareTables'
import { LanguagesTable } from './CompareLanguages'
import { ModelsSection } from './CompareModels'
import { AgreementSection } from './CompareAgreement'
import { TagCurveSection, TagSetsSection, TagTable } from './CompareTags'
import './Compare.css'
import { useSavedCompare } from './useSavedCompare'
import { i18n, useTranslation } from '../i18n'

function errorMessage(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err
    ? String((err as { message: unknown }).message)
    : String(err)
}

// the per-class sort is tested through the screen's module
export { sortClasses } from './CompareTables'

export function CompareScreen(props: { api?: ZebraApi }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const app = useContext(AppContext)
  const api = props.api ?? app?.api
  if (!api) throw new Error('CompareScreen needs an api (prop or AppContext)')
  const project = app?.project ?? null
  const [summarySets, setSummarySets] = useState(project?.templateSets ?? [])
  const [kind, setKind] = useState(project?.kind ?? 'single')
  const [selected, setSelected] = useState<number[]>(() => (project?.templateSets ?? []).map((s) => s.id))
  const [presets, setPresets] = useState<PresetInfo[]>([])
  const [preset, setPreset] = useState('')
  const [greedy, setGreedy] = useState(true)
  const [report, setReport] = useState<CompareReport | null>(null)
  const [curve, setCurve] = useState<LearningCurvePoint[] | null>(null)
  const [busy, setBusy] = useState<null | 'run' | 'curve' | 'apply'>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState('')
  const ids = useId()
  useSavedCompare(api, project?.path ?? null, report, (r, note) => (setReport(r), setStatus(note)))

  // latest request wins: a comparison or curve that answers after a newer one (or after the
  // screen's inputs changed) is dropped; so are the initial lists of an earlier api/project
  const presetsReq = useLatest()
  const summaryReq = useLatest()
  const runReq = useLatest()
  const curveReq = useLatest()
  useEffect(() => {
    presetsReq
      .run(() => api.invoke('presets.list', {}))
      .then((p) => p !== STALE && setPresets(p))
      .catch(() => undefined)
    if (!project) {
      summaryReq
        .run(() => api.invoke('project.summary', {}))
        .then((s) => {
          if (s === STALE || !s) return
          setSummarySets(s.templateSets)
          setSelected(s.templateSets.map((t) => t.id))
          setKind(s.kind ?? 'single')
        })
        .catch(() => undefined)
    } else summaryReq.cancel()
    return () => {
      presetsReq.cancel()
      summaryReq.cancel()
    }
  }, [api, project, presetsReq, summaryReq])

  useEffect(() => {
    if (!project) return
    setSummarySets(project.templateSets)
    setKind(project.kind ?? 'single')
  }, [project])

  const run = useCallback(async () => {
    setBusy('run')
    setError(null)
    setStatus(i18n.t('compare:compare.comparingTemplates'))
    try {
      const r = await runReq.run(() =>
        api.invoke('compare.run', {
          templateSetIds: selected,
          presets: preset ? [preset] : [],
          greedy
        })
      )
      if (r === STALE) return
      setReport(r)
      setStatus(
        r.tags
          ? i18n.t('compare:compare.comparedTemplateSetsTagBy', {
              length: r.tags.sets.length,
              images: r.images,
              timingMs: r.timingMs
            })
          : i18n.t('compare:compare.comparedTemplatesOnReviewedImages', {
              length: r.templates.length,
              images: r.images,
              timingMs: r.timingMs
            })
      )
    } catch (err) {
      setError(errorMessage(err))
      setStatus('')
    } finally {
      setBusy(null)
    }
  }, [api, selected, preset, greedy, runReq])

  const loadCurve = useCallback(async () => {
    setBusy('curve')
    setError(null)
    try {
      const c = await curveReq.run(() => api.invoke('compare.learningCurve', {}))
      if (c !== STALE) setCurve(c)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(null)
    }
  }, [api, curveReq])

  const apply = useCallback(
    async (name: string, templates: string[]) => {
      setBusy('apply')
      setError(null)
      try {
        const s = await api.invoke('compare.apply', { name, templates })
        setSummarySets(s.templateSets)
        app?.setProject(s)
        setStatus(i18n.t('compare:compare.isNowTheProjectS', { name }))
      } catch (err) {
        setError(errorMessage(err))
      } finally {
        setBusy(null)
      }
    },
    [api, app]
  )

  const ranked = useMemo(
    () => (report ? [...report.templates].sort((a, b) => b.top1 - a.top1) : []),
    [report]
  )
  const best = ranked[0] ?? null
  const detail = report?.ensembles.find((e) => e.name === report.detailEnsemble) ?? null

  return (
    <main className="screen compare" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`}>{t('compare.compareTemplates')}</h1>
      <p className="muted">
        {kind === 'tags'
          ? t('compare.scoresPromptTemplatesTagBy')
          : t('compare.scoresPromptTemplatesAgainstYour')}
      </p>

      <section className="card compare-controls" aria-label={t('compare.whatToCompare')}>
        <fieldset>
          <legend>{t('compare.templateSetsOfThisProject')}</legend>
          {summarySets.length === 0 && <p className="muted">{t('compare.noTemplateSets')}</p>}
          {summarySets.map((s) => (
            <Checkbox
              key={s.id}
              className="compare-check"
              checked={selected.includes(s.id)}
              onChange={(on) => setSelected((cur) => (on ? [...cur, s.id] : cur.filter((x) => x !== s.id)))}
            >
              {s.name} <span className="muted">({s.templates.length})</span>
            </Checkbox>
          ))}
        </fieldset>
        <div className="compare-row">
          <label htmlFor={`${ids}-preset`}>{t('compare.alsoAClipPaperPreset')}</label>
          <select id={`${ids}-preset`} value={preset} onChange={(e) => setPreset(e.target.value)}>
            <option value="">{t('compare.none')}</option>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {t('compare.templates', { name: p.name, templates: p.templates })}
              </option>
            ))}
          </select>
          {kind !== 'tags' && (
            <Checkbox checked={greedy} onChange={setGreedy} className="compare-check">
              {t('compare.greedyTemplateSelection')}
            </Checkbox>
          )}
          <button
            type="button"
            className="primary"
            onClick={() => void run()}
            disabled={busy !== null || (selected.length === 0 && !preset)}
          >
            {busy === 'run' ? t('compare.comparing') : t('compare.runComparison')}
          </button>
        </div>
      </section>

      <p className="compare-status" role="status" aria-live="polite">
        {status}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      {report?.tags && (
        <>
          <TagSetsSection tags={report.tags} busy={busy} apply={apply} />
          <TagTable tags={report.tags} />
          <TagCurveSection tags={report.tags} />
        </>
      )}
      {report && !report.tags && (
        <>
          <LanguagesTable ensembles={report.ensembles} />
          <TemplatesTable ranked={ranked} />
          <EnsemblesSection report={report} best={best} detail={detail} busy={busy} apply={apply} />
          <PerClassTable report={report} detail={detail} />
          <ConfusionMatrix report={report} open={app?.openListInReview} />
          <Confusions report={report} api={api} open={app?.openListInReview} />
          <CoverageSection report={report} />
        </>
      )}

      {kind !== 'tags' && <LearningCurveSection curve={curve} busy={busy} loadCurve={loadCurve} />}

      <ModelsSection api={api} />
      <AgreementSection api={api} />
    </main>
  )
}
