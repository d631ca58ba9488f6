// The compare report's auto-accept sentence: the suggested threshold, or why there is none (no
// threshold reaches the target, or the reviewed sample is too small / of one label to judge).
import type { CompareReport } from '../../../shared/report'
import { pct } from '../lib/format'

export function ThresholdVerdict(props: { report: CompareReport }): React.JSX.Element {
  const { thresholdWithheld: withheld, suggestedThreshold: s } = props.report
  return (
    <p data-testid="threshold-verdict">
      {withheld
        ? withheld.message
        : s
          ? `Auto-accepting suggestions with probability ≥ ${s.threshold.toFixed(2)} covers ${pct(s.coverage)} of images at ${pct(s.precision)} precision (target ${pct(s.target, 0)}).`
          : 'No threshold reaches the target precision on these images: review them instead of auto-accepting.'}
    </p>
  )
}
