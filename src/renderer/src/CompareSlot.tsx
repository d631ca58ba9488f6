// The Compare tab loads its screen (and recharts with it) only when the tab is first opened.
import { lazy, Suspense } from 'react'
import { useTranslation } from './i18n'

const Lazy = lazy(async () => ({ default: (await import('./screens/Compare')).CompareScreen }))

export function CompareSlot(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <Suspense fallback={<p className="muted">{t('loading')}</p>}>
      <Lazy />
    </Suspense>
  )
}
