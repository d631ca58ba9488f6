// A learning curve: a score on held-out decided images, one line per way of scoring, as decided
// images accumulate. By default zero-shot vs adapted top-1 (single-label projects); a tags project
// passes its mAP lines.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { LearningCurvePoint } from '../../../shared/report'
import type { TagCurvePoint } from '../../../shared/tag-report'
import { C, pctTick } from './colors'
import { i18n, useTranslation } from '../i18n'

export interface CurveLine {
  key: string
  name: string
  stroke: string
  dashed?: boolean
}

const TOP1_LINES: CurveLine[] = [
  { key: 'zeroshot_top1', name: 'zero-shot', stroke: C.second },
  { key: 'adapted_top1', name: 'adapted', stroke: C.accent }
]

export function LearningCurveChart(props: {
  points: readonly (LearningCurvePoint | TagCurvePoint)[]
  height?: number
  /** the lines to draw (default: zero-shot and adapted top-1) */
  lines?: CurveLine[]
  label?: string
  /** what the x axis counts, for the tooltip (default 'reviewed images') */
  counts?: string
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  return (
    <div
      className="chart"
      role="img"
      aria-label={props.label ?? t('learningCurveChart.learningCurveZeroShotAnd')}
    >
      <ResponsiveContainer width="100%" height={props.height ?? 240}>
        <LineChart data={props.points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={C.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="n"
            type="number"
            scale="log"
            domain={['dataMin', 'dataMax']}
            stroke={C.muted}
            allowDataOverflow
          />
          <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={pctTick} stroke={C.muted} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? pctTick(v) : String(v))}
            labelFormatter={(l) => `${l} ${props.counts ?? i18n.t('compare:learningCurve.reviewedImages')}`}
            contentStyle={{ background: C.panel, borderColor: C.grid, color: C.text }}
          />
          <Legend />
          {(props.lines ?? TOP1_LINES).map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              stroke={l.stroke}
              strokeWidth={2}
              strokeDasharray={l.dashed ? '4 3' : undefined}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
