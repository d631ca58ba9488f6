// Top-1 and top-5 of each ensemble next to the best single template.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { C, pctTick } from './colors'
import { useTranslation } from '../i18n'

export interface EnsembleBar {
  name: string
  top1: number
  top5: number
}

export function EnsembleChart(props: { bars: EnsembleBar[] }): React.JSX.Element {
  const { t } = useTranslation(['compare', 'common'])
  const height = Math.max(120, 36 * props.bars.length + 60)
  return (
    <div className="chart" role="img" aria-label={t('ensembleChart.top1AndTop5')}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={props.bars} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke={C.grid} strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={pctTick} stroke={C.muted} />
          <YAxis
            type="category"
            dataKey="name"
            width={220}
            stroke={C.muted}
            tick={{ fill: C.text, fontSize: 12 }}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? pctTick(v) : String(v))}
            contentStyle={{ background: C.panel, borderColor: C.grid, color: C.text }}
          />
          <Legend />
          <Bar dataKey="top1" name="top-1" fill={C.accent} isAnimationActive={false} />
          <Bar dataKey="top5" name="top-5" fill={C.second} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
