import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgress, formatEta, formatRate } from './progress'

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean }
  stream.isTTY = isTTY
  const chunks: string[] = []
  stream.on('data', (c: Buffer) => chunks.push(c.toString()))
  return { stream, text: () => chunks.join('') }
}

describe('formatEta / formatRate', () => {
  it('formats seconds, minutes, hours and unknown', () => {
    expect(formatEta(null)).toBe('--')
    expect(formatEta(Number.NaN)).toBe('--')
    expect(formatEta(7.4)).toBe('7s')
    expect(formatEta(185)).toBe('3m 05s')
    expect(formatEta(3720)).toBe('1h 02m')
    expect(formatRate(0.4213)).toBe('0.42/s')
    expect(formatRate(1520.2)).toBe('1520/s')
    expect(formatRate(undefined)).toBe('--/s')
  })
})

describe('createProgress (not a TTY)', () => {
  it('prints plain lines at most once per interval and a final line on stop', () => {
    const { stream, text } = capture(false)
    let t = 0
    const p = createProgress('embed', 100, { stream, now: () => t })
    for (let i = 1; i <= 100; i++) {
      t += 50 // 20 items per second
      p.update(i)
    }
    p.stop()
    const lines = text().trim().split('\n')
    // 5 s of work, one line per second at most, plus the final one
    expect(lines.length).toBeGreaterThanOrEqual(5)
    expect(lines.length).toBeLessThanOrEqual(7)
    expect(lines.at(-1)).toBe('embed: 100/100 | 20.0/s | ETA 0s')
    expect(text()).not.toContain('\u001b[')
  })

  it('uses the rate and ETA it is given', () => {
    const { stream, text } = capture(false)
    const p = createProgress('download', 10, { stream, now: () => 0 })
    p.update(3, { rate: 2.5, etaS: 90 })
    p.stop()
    expect(text()).toContain('download: 3/10 | 2.50/s | ETA 1m 30s')
  })
})

describe('createProgress (TTY)', () => {
  it('redraws a bar with count, rate and ETA', () => {
    const { stream, text } = capture(true)
    const p = createProgress('classify', 4, { stream })
    p.update(2, { rate: 4, etaS: 0.5 })
    p.stop()
    expect(text()).toContain('2/4')
    expect(text()).toContain('4.00/s')
  })
})
