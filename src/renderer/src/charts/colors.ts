// Chart colours follow the app theme: CSS variables (set on :root by styles.css, light and dark)
// with fallbacks, used directly as SVG paint (Chromium resolves var() in presentation attributes).
import { pct } from '../lib/format'

export const C = {
  accent: 'var(--accent, #2459d6)',
  second: 'var(--warn, #a35a00)',
  ok: 'var(--ok, #1e8a4c)',
  text: 'var(--text, #1a1c21)',
  muted: 'var(--muted, #5d6472)',
  grid: 'var(--border, #d5d9e0)',
  panel: 'var(--panel, #ffffff)'
} as const

export const pctTick = (v: number): string => pct(v, 0)
