// Start → Try it: the sample project (single-label), the same images as tags, and the sample in
// Chinese; each opens its own file and is pre-labelled at once.
import type { ProjectKind } from '../../../shared/contract'
import { useTranslation } from '../i18n'
import { SampleInChineseButton } from './SampleInChineseButton'

export function TrySamples(props: {
  busy: boolean
  open: (which: { kind?: ProjectKind; language?: 'zh' }) => void
}): React.JSX.Element {
  const { t } = useTranslation(['start', 'common'])
  const { busy, open } = props
  return (
    <>
      <h2>{t('start.tryIt')}</h2>
      <p>
        {t('start.theSampleProject79Images')}{' '}
        <strong className="warn">{t('start.demoModel', { note: t('common:demoNote') })}</strong>
      </p>
      <button
        type="button"
        aria-label={t('start.tryTheSampleProject')}
        disabled={busy}
        onClick={() => open({})}
      >
        {t('start.tryTheSampleProject')}
      </button>{' '}
      <button
        type="button"
        aria-label={t('start.tryTheTagsSampleProject')}
        title={t('start.theSameImagesAsA')}
        disabled={busy}
        onClick={() => open({ kind: 'tags' })}
      >
        {t('start.tryItWithTags')}
      </button>{' '}
      <SampleInChineseButton busy={busy} open={() => open({ language: 'zh' })} />
    </>
  )
}
