// Test support: a stand-in for Electron's safeStorage (which cannot run outside Electron) that
// really encrypts, AES-256-GCM under a random key of its own, so tests can check that a sealed
// file holds no password and that another key cannot open it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Cipher } from '../core/secret-store'

export function standInCipher(opts: { available?: boolean; backend?: string } = {}): Cipher {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
      d.setAuthTag(sealed.subarray(12, 28))
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8')
    }
  }
}
