// The renderer-file guard shared by app:// (Electron) and GET /* (bridge), and the HTTP statuses.
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveUnderRoot, statusFor } from './static'
import { devServerSecurityPolicy } from './csp'

const root = resolve('/srv/zebra/renderer')

describe('resolveUnderRoot', () => {
  it('serves files under the root, index.html for /', () => {
    expect(resolveUnderRoot(root, '/')).toEqual({ ok: true, file: join(root, 'index.html') })
    expect(resolveUnderRoot(root, '/assets/index-abc.js')).toEqual({
      ok: true,
      file: join(root, 'assets', 'index-abc.js')
    })
    expect(resolveUnderRoot(root, '/assets/a%20b.css')).toEqual({
      ok: true,
      file: join(root, 'assets', 'a b.css')
    })
  })

  it('refuses paths that leave the root, however they are spelled', () => {
    for (const p of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/..%2fsecret',
      '/%2E%2E%2F%2E%2E/etc/passwd'
    ]) {
      expect(resolveUnderRoot(root, p)).toEqual({ ok: false, reason: 'outside' })
    }
    // the sibling folder that shares the root's name as a prefix
    expect(resolveUnderRoot(root, '/../renderer-evil/x.js')).toEqual({ ok: false, reason: 'outside' })
    expect(resolveUnderRoot(root, '/..')).toEqual({ ok: false, reason: 'outside' })
  })

  it('refuses malformed paths', () => {
    expect(resolveUnderRoot(root, '/%E0%A4%A')).toEqual({ ok: false, reason: 'malformed' })
    expect(resolveUnderRoot(root, '/index.html%00.png')).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('statusFor and the dev CSP', () => {
  it('maps error codes to HTTP statuses', () => {
    expect(statusFor('unauthorized')).toBe(401)
    expect(statusFor('outside_roots')).toBe(403)
    expect(statusFor('not_found')).toBe(404)
    expect(statusFor('invalid_input')).toBe(400)
    expect(statusFor('internal')).toBe(500)
  })

  it('gives dev-server pages a CSP with no remote origin, only what Vite needs added', () => {
    const csp = devServerSecurityPolicy('http://localhost:5173')
    expect(csp).toContain(`script-src 'self' 'unsafe-inline'`)
    expect(csp).toContain('ws://localhost:5173')
    expect(csp).toContain(`object-src 'none'`)
    expect(csp).not.toMatch(/https?:\/\//)
  })
})
