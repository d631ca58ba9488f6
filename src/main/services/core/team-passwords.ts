// The password a team channel connects with: the one typed, else the one the app's password store
// keeps for that connection, else none (node-postgres then reads PGPASSWORD or ~/.pgpass).
import { secretKey, type SecretStore } from './secret-store'

export async function passwordFor(
  secrets: SecretStore,
  url: string,
  typed: string | undefined
): Promise<string | undefined> {
  if (typed) return typed
  return secrets.get(secretKey(url))
}

/** Keeps a typed password that just opened a connection (so later ones need not ask). */
export async function keepPassword(
  secrets: SecretStore,
  url: string,
  typed: string | undefined
): Promise<void> {
  if (typed) await secrets.set(secretKey(url), typed)
}
