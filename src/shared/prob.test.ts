import { describe, expect, it } from 'vitest'
import { pct, probPct } from './prob'

describe('pct', () => {
  it('writes a fraction with one decimal unless told otherwise', () => {
    expect(pct(0.1234)).toBe('12.3%')
    expect(pct(0.5, 0)).toBe('50%')
    expect(pct(1, 2)).toBe('100.00%')
  })
})

describe('probPct', () => {
  it('shows two decimals', () => {
    expect(probPct(0.9993)).toBe('99.93%')
    expect(probPct(0.5)).toBe('50.00%')
    expect(probPct(0.12345)).toBe('12.35%')
  })
  it('reads 100% and 0% only for exactly 1 and 0', () => {
    expect(probPct(1)).toBe('100%')
    expect(probPct(0)).toBe('0%')
    expect(probPct(0.99996)).toBe('99.996%')
    expect(probPct(0.999999999)).toBe('99.9999999%')
    expect(probPct(1 - 1e-15)).toMatch(/^>99\.99/)
    expect(probPct(0.00001)).toBe('0.001%')
    expect(probPct(1e-15)).toMatch(/^<0\.0000/)
  })
  it('never rounds up to 100 for any p < 1', () => {
    for (let k = 0; k < 2000; k++) {
      const p = 1 - Math.pow(10, -k / 200) // from 0 to just under 1
      if (p < 1 && p > 0) expect(probPct(p)).not.toBe('100%')
    }
  })
})
