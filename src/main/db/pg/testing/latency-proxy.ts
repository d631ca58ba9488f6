// A TCP proxy on 127.0.0.1 that holds every chunk for a while on its way in either direction, as a
// distant server would: the tests and the bench route annotators through it to a local
// PostgreSQL. Chunks keep their order (timers of one delay fire in the order they were set); an
// end or a failure on one side reaches the other side after the same delay. When the server is
// down, a connection through the proxy fails as a direct one would (it is closed at once).
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface LatencyProxy {
  port: number
  /** connections opened through the proxy so far */
  connections(): number
  /** Stops listening and closes every open connection. */
  close(): Promise<void>
}

function pipeDelayed(from: Socket, to: Socket, ms: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk)
    }, ms)
  })
  from.on('end', () => setTimeout(() => to.end(), ms))
  from.on('close', () => setTimeout(() => to.destroy(), ms))
  from.on('error', () => undefined) // the 'close' that follows ends the other side
}

/** Starts a proxy to 127.0.0.1:`target` adding `ms` to each direction. */
export function startLatencyProxy(target: number, ms: number): Promise<LatencyProxy> {
  const open = new Set<Socket>()
  let count = 0
  const server: Server = createServer((client) => {
    count++
    const upstream = connect(target, '127.0.0.1')
    for (const s of [client, upstream]) {
      open.add(s)
      s.on('close', () => open.delete(s))
    }
    pipeDelayed(client, upstream, ms)
    pipeDelayed(upstream, client, ms)
  })
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      ok({
        port,
        connections: () => count,
        close: () =>
          new Promise<void>((done) => {
            for (const s of open) s.destroy()
            server.close(() => done())
          })
      })
    })
  })
}
