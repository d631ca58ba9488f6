// The pure halves of the Electron hardening: who may call IPC, what counts as our page, and
// which links may leave the app.
import { describe, expect, it } from 'vitest'
import { appUrlMatcher, externalUrlAllowed, isTrustedSender, type FrameInfo } from './trust'

const isApp = appUrlMatcher(null)
const contents = { id: 1 }
const main = { contents, mainFrame: { processId: 7, routingId: 3 } }
const top: FrameInfo = { parent: null, processId: 7, routingId: 3, url: 'app://zebra/index.html' }

describe('isTrustedSender', () => {
  it('accepts only the top frame of our window on the app origin', () => {
    expect(isTrustedSender(contents, top, main, isApp)).toBe(true)
    expect(isTrustedSender({ id: 2 }, top, main, isApp)).toBe(false) // another WebContents
    expect(isTrustedSender(contents, { ...top, parent: {} }, main, isApp)).toBe(false) // an iframe
    expect(isTrustedSender(contents, { ...top, routingId: 4 }, main, isApp)).toBe(false) // another frame
    expect(isTrustedSender(contents, { ...top, processId: 8 }, main, isApp)).toBe(false)
    expect(isTrustedSender(contents, { ...top, url: 'https://evil.example/' }, main, isApp)).toBe(false)
    expect(isTrustedSender(contents, null, main, isApp)).toBe(false)
    expect(isTrustedSender(contents, top, null, isApp)).toBe(false) // no window open
  })
})

describe('appUrlMatcher', () => {
  it('knows app://zebra always and the dev server only when one runs', () => {
    expect(isApp('app://zebra/index.html')).toBe(true)
    expect(isApp('app://other/index.html')).toBe(false)
    expect(isApp('http://localhost:5173/')).toBe(false)
    expect(isApp('not a url')).toBe(false)
    const dev = appUrlMatcher('http://localhost:5173')
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true)
    expect(dev('http://localhost:5174/')).toBe(false)
    expect(dev('app://zebra/')).toBe(true)
  })
})

describe('externalUrlAllowed', () => {
  it('lets https links to allow-listed hosts out, nothing else', () => {
    expect(externalUrlAllowed('https://huggingface.co/openai/clip-vit-base-patch32')).toBe(true)
    expect(externalUrlAllowed('https://github.com/openai/CLIP')).toBe(true)
    expect(externalUrlAllowed('http://huggingface.co/')).toBe(false) // not https
    expect(externalUrlAllowed('https://example.com/')).toBe(false)
    expect(externalUrlAllowed('https://huggingface.co.evil.example/')).toBe(false)
    expect(externalUrlAllowed('https://evil.example/?https://huggingface.co')).toBe(false)
    expect(externalUrlAllowed('https://user:pw@huggingface.co/')).toBe(false)
    expect(externalUrlAllowed('https://huggingface.co:8443/')).toBe(false)
    expect(externalUrlAllowed('file:///etc/passwd')).toBe(false)
    expect(externalUrlAllowed('javascript:alert(1)')).toBe(false)
    expect(externalUrlAllowed('nonsense')).toBe(false)
  })
})
