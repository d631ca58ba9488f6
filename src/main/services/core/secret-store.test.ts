// The team password store on real files: the sealed kind with a stand-in for Electron's
// safeStorage that really encrypts (AES-256-GCM under a key of its own), so the file is checked to
// hold no password; a file sealed under another key reads as empty and is replaced; a cipher that
// protects nothing keeps passwords for the session only and says why; keys follow libpq's defaults.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { memorySecretStore, readSealed, sealedSecretStore, secretKey, type SecretKey } from './secret-store'
import { standInCipher } from '../testing/cipher'

const dir = mkdtempSync(join(tmpdir(), 'zebra-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const standIn = standInCipher

const ann: SecretKey = { host: 'db.example.org', port: 5432, db: 'birds', role: 'ann' }
const lead: SecretKey = { ...ann, role: 'lead' }

it('keeps passwords sealed in one file, across instances, readable by this user only', async () => {
  const file = join(dir, 'sealed')
  const cipher = standIn()
  const store = sealedSecretStore(file, cipher)
  expect(store.persistent).toBe(true)
  await store.set(ann, 'ann-pässword')
  await store.set(lead, 'lead-password')
  const bytes = readFileSync(file)
  expect(bytes.toString('latin1')).not.toContain('password')
  expect(bytes.toString('latin1')).not.toContain('birds')
  expect(statSync(file).mode & 0o777).toBe(0o600)

  const later = sealedSecretStore(file, cipher)
  expect(await later.get(ann)).toBe('ann-pässword')
  expect(await later.get({ ...ann, port: 5433 })).toBeUndefined()
  await later.delete(ann)
  expect(await sealedSecretStore(file, cipher).get(ann)).toBeUndefined()
  expect(await sealedSecretStore(file, cipher).get(lead)).toBe('lead-password')
  await later.delete(lead)
  expect(existsSync(file)).toBe(false) // nothing left to keep: no file
})

it('reads a file sealed under another key as empty, and replaces it', async () => {
  const file = join(dir, 'other-key')
  await sealedSecretStore(file, standIn()).set(ann, 'old')
  const mine = standIn()
  expect(readSealed(file, mine).size).toBe(0)
  const store = sealedSecretStore(file, mine)
  expect(await store.get(ann)).toBeUndefined()
  await store.set(lead, 'new')
  expect([...readSealed(file, mine)].map(([, pw]) => pw)).toEqual(['new'])
  writeFileSync(file, 'not sealed at all')
  expect(readSealed(file, mine).size).toBe(0)
})

it('keeps passwords for the session only, and says why, when nothing protects them', async () => {
  for (const [cipher, why] of [
    [standIn({ available: false }), 'this system offers Zebra no encrypted storage'],
    [
      standIn({ backend: 'basic_text' }),
      'no keyring (such as GNOME Keyring or KWallet) is running, so it could not be encrypted'
    ]
  ] as const) {
    const file = join(dir, 'never')
    const store = sealedSecretStore(file, cipher)
    expect(store.persistent).toBe(false)
    expect(store.note).toBe(`Kept for this session only: ${why}.`)
    await store.set(ann, 'kept-in-memory')
    expect(await store.get(ann)).toBe('kept-in-memory')
    expect(existsSync(file)).toBe(false)
  }
  const memory = memorySecretStore()
  await memory.set(ann, 'x')
  expect(await memory.get(ann)).toBe('x')
  expect(await memory.get(lead)).toBeUndefined()
})

it('keys a connection string by host, port, database and role, with the defaults filled in', () => {
  expect(secretKey('postgres://ann@db.example.org/birds?sslmode=verify-full')).toEqual(ann)
  expect(secretKey('postgresql://lead:inline@db.example.org:6543/birds')).toEqual({
    ...lead,
    port: 6543
  })
  expect(secretKey('postgres:///birds', 'ann')).toEqual({
    host: 'localhost',
    port: 5432,
    db: 'birds',
    role: 'ann'
  })
  expect(() => secretKey('db.example.org/birds')).toThrow('Not a connection string')
})
