// The desktop app's password store with a stand-in for safeStorage (Electron's binary cannot run
// here): sealed in the data folder's one file when the keychain is there, for the session only
// (and logged once) when it is not.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { standInCipher } from '../services/testing/cipher'
import { appSecretStore, SECRETS_FILE } from './secrets'

const dir = mkdtempSync(join(tmpdir(), 'zebra-app-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const key = { host: '127.0.0.1', port: 5432, db: 'birds', role: 'ann' }

it('seals the passwords in the data folder with safeStorage', async () => {
  const safeStorage = standInCipher()
  const store = appSecretStore(dir, safeStorage)
  expect(store.persistent).toBe(true)
  expect(store.note).toBe("Saved on this computer, encrypted with the system's keychain.")
  await store.set(key, 'typed-once')
  expect(readFileSync(join(dir, SECRETS_FILE)).toString('latin1')).not.toContain('typed-once')
  // the next start of the app reads it back
  expect(await appSecretStore(dir, safeStorage).get(key)).toBe('typed-once')
})

it('keeps them for the session only where safeStorage cannot encrypt', async () => {
  const other = mkdtempSync(join(dir, 'plain-'))
  const store = appSecretStore(other, standInCipher({ available: false }))
  expect(store.persistent).toBe(false)
  expect(store.note).toBe('Kept for this session only: this system offers Zebra no encrypted storage.')
  await store.set(key, 'typed-once')
  expect(await store.get(key)).toBe('typed-once')
  expect(existsSync(join(other, SECRETS_FILE))).toBe(false)
})
