// The desktop app's team passwords: sealed by Electron's safeStorage (the system keychain) in one
// file of the user's data folder. Kept thin: `safeStorage` is passed in (index.ts hands the real
// one), so this runs and is tested without Electron. Where the system offers no real encryption
// (Linux without a keyring) the passwords are kept for the session only, and the app says so.
import { join } from 'node:path'
import { log } from '../log'
import { sealedSecretStore, type Cipher, type SecretStore } from '../services/core/secret-store'

export const SECRETS_FILE = 'team-passwords.sealed'

/** The password store of the desktop app, in `userData`. */
export function appSecretStore(userData: string, safeStorage: Cipher): SecretStore {
  const store = sealedSecretStore(join(userData, SECRETS_FILE), safeStorage)
  if (!store.persistent) log('warn', `team passwords: ${store.note}`)
  return store
}
