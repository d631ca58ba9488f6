// Top-1 on held-out reviewed images of zero-shot vs adapted scoring as reviewed images accumulate.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { LearningCurvePoint } from '../../../shared/report'
import { C, pctTick } from './colors'

export function LearningCurveChart(props: {
  points: LearningCurvePoint[]
  height?: number
}): React.JSX.Element {
  return (
    <div
      className="chart"
      role="img"
      aria-label="Learning curve: zero-shot and adapted top-1 accuracy by number of reviewed images"
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
            labelFormatter={(l) => `${l} reviewed images`}
            contentStyle={{ background: C.panel, borderColor: C.grid, color: C.text }}
          />
          <Legend />
          <Line
            dataKey="zeroshot_top1"
            name="zero-shot"
            stroke={C.second}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            dataKey="adapted_top1"
            name="adapted"
            stroke={C.accent}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  )
}
