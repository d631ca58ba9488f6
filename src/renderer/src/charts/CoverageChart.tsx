// Auto-accept coverage vs precision as the probability threshold rises, with the chosen
// threshold marked. A table with the same numbers follows for screen readers (see Compare.tsx).
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis
} from 'recharts'
import type { CoveragePoint } from '../../../shared/report'
import { C, pctTick } from './colors'
import { i18n, useTranslation } from '../i18n'

export function CoverageChart(props: {
  points: CoveragePoint[]
  threshold: number | null
  height?: number
}): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const data = props.points.map((p) => ({ ...p, precision: p.coverage > 0 ? p.precision : null }))
  return (
    <div className="chart" role="img" aria-label={t('coverageChart.coverageAndPrecisionOfAuto')}>
      <ResponsiveContainer width="100%" height={props.height ?? 260}>
        <LineChart data={data} margin={{ top: 24, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={C.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="threshold"
            type="number"
            domain={[0, 1]}
            tickFormatter={(v: number) => v.toFixed(1)}
            stroke={C.muted}
          />
          <YAxis domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={pctTick} stroke={C.muted} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? pctTick(v) : String(v))}
            labelFormatter={(l) =>
              i18n.t('compare:coverageChart.threshold', { toFixed: Number(l).toFixed(2) })
            }
            contentStyle={{ background: C.panel, borderColor: C.grid, color: C.text }}
          />
          <Legend />
          <Line
            type="stepAfter"
            dataKey="precision"
            name="precision"
            stroke={C.accent}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="coverage"
            name="coverage"
            stroke={C.second}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          {props.threshold !== null && (
            <ReferenceLine
              x={props.threshold}
              stroke={C.ok}
              strokeDasharray="4 2"
              label={{ value: `≥ ${props.threshold.toFixed(2)}`, fill: C.text, position: 'top' }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
