import { describe, expect, it } from 'vitest'
import { Latest, STALE } from './latest'

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((a, b) => {
    resolve = a
    reject = b
  })
  return { promise, resolve, reject }
}

describe('Latest', () => {
  it('a slow first answer does not win over a later one', async () => {
    const latest = new Latest()
    const slow = deferred<string>()
    const fast = deferred<string>()
    const first = latest.run(() => slow.promise)
    const second = latest.run(() => fast.promise)
    fast.resolve('typed folder')
    expect(await second).toBe('typed folder')
    slow.resolve('home folder')
    expect(await first).toBe(STALE)
  })

  it('drops a stale request’s error, passes the latest one’s on, and aborts the stale signal', async () => {
    const latest = new Latest()
    const a = deferred<number>()
    const b = deferred<number>()
    let signal: AbortSignal | null = null
    const first = latest.run((s) => {
      signal = s
      return a.promise
    })
    const second = latest.run(() => b.promise)
    expect(signal!.aborted).toBe(true)
    a.reject(new Error('late failure'))
    b.reject(new Error('current failure'))
    expect(await first).toBe(STALE)
    await expect(second).rejects.toThrow('current failure')
  })

  it('cancel() and begin() tickets', async () => {
    const latest = new Latest()
    const t1 = latest.begin()
    expect(t1.current()).toBe(true)
    const t2 = latest.begin()
    expect([t1.current(), t2.current()]).toEqual([false, true])
    const d = deferred<number>()
    const p = latest.run(() => d.promise)
    latest.cancel()
    d.resolve(1)
    expect(await p).toBe(STALE)
    expect(t2.current()).toBe(false)
  })
})
