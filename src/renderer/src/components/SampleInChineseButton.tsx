// "Try it" in Chinese: the sample project with its labels in Chinese (红色圆形 … 斑马), which the demo
// model reads as well as English.
import { useTranslation } from '../i18n'

export function SampleInChineseButton({
  busy,
  open
}: {
  busy: boolean
  open: () => void
}): React.JSX.Element {
  const { t } = useTranslation('start')
  return (
    <button
      type="button"
      aria-label={t('start.tryTheSampleInChinese')}
      title={t('start.sampleInChineseHint')}
      disabled={busy}
      onClick={open}
    >
      {t('start.inChinese')}
    </button>
  )
}
