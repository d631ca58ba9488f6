// The compare report's auto-accept sentence: the suggested threshold, or why there is none (no
// threshold reaches the target, or the reviewed sample is too small / of one label to judge).
import type { CompareReport } from '../../../shared/report'
import { pct } from '../lib/format'
import { useTranslation } from '../i18n'

export function ThresholdVerdict(props: { report: CompareReport }): React.JSX.Element {
  const { t } = useTranslation(['grid', 'common'])
  const { thresholdWithheld: withheld, suggestedThreshold: s } = props.report
  return (
    <p data-testid="threshold-verdict">
      {withheld
        ? t(`thresholdVerdict.withheld.${withheld.reason}`, {
            images: withheld.images,
            minImages: withheld.minImages
          })
        : s
          ? t('thresholdVerdict.autoAcceptingSuggestionsWithProbability', {
              toFixed: s.threshold.toFixed(2),
              pct: pct(s.coverage),
              pct2: pct(s.precision),
              pct3: pct(s.target, 0)
            })
          : t('thresholdVerdict.noThresholdReachesTheTarget')}
    </p>
  )
}
