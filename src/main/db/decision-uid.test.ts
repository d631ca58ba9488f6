import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decisionIdentity, isLegacyUid, legacyRowId, legacyUid } from './decision-uid'

describe('decision identity', () => {
  const created = '2026-01-02T03:04:05.678Z'

  it('is the uid when the row has one, whatever its id', () => {
    const uid = randomUUID()
    expect(decisionIdentity(created, { id: 7, uid })).toBe(uid)
    expect(decisionIdentity('another project', { id: 9, uid })).toBe(uid)
    expect(isLegacyUid(uid)).toBe(false)
  })

  it('derives a row without uid from the creation time and the id: equal in copies, distinct otherwise', () => {
    const a = decisionIdentity(created, { id: 7, uid: null })
    expect(a).toBe(legacyUid(created, 7))
    expect(a).toBe(decisionIdentity(created, { id: 7, uid: null }))
    expect(a).not.toBe(decisionIdentity(created, { id: 8, uid: null }))
    expect(a).not.toBe(decisionIdentity('2026-01-02T03:04:05.679Z', { id: 7, uid: null }))
    expect(isLegacyUid(a)).toBe(true)
  })

  it('keeps a merged legacy row recognisable: its stored uid is its legacy identity', () => {
    const stored = legacyUid(created, 12)
    expect(decisionIdentity(created, { id: 40, uid: stored })).toBe(
      decisionIdentity(created, { id: 12, uid: null })
    )
  })

  it('reads the row id back from a legacy identity of the same project only', () => {
    expect(legacyRowId(created, legacyUid(created, 12))).toBe(12)
    expect(legacyRowId('2025-01-01T00:00:00.000Z', legacyUid(created, 12))).toBeNull()
    expect(legacyRowId(created, randomUUID())).toBeNull()
    expect(legacyRowId(created, `legacy:${created}:x`)).toBeNull()
  })
})
