import { serve, type H3 } from 'h3'
import { plugin as ws } from 'crossws/server'
import type { Socket } from 'node:net'
import type { IncomingMessage } from 'node:http'
import { isLoopbackAddress, markLoopbackSocket } from './hosts.js'

/** Options of {@link listen}. */
export interface ListenOptions {
  /** The port; `0` picks a free one. @default 7860 */
  port?: number
  /** The interface to bind. @default '127.0.0.1' */
  host?: string
  /** Seconds between pings of each socket; one that answers none for that long is closed. `0` turns pings off. @default 30 */
  heartbeat?: number
  /** Frames above this many bytes close their socket at once (an app answers smaller oversized frames with an error). @default 16777216 */
  maxPayload?: number
}

/** A running server. */
export interface Listening {
  /** Where it listens, such as `http://127.0.0.1:7860/`. */
  url: string
  /** Stops listening and closes every connection. */
  close(): Promise<void>
}

/**
 * Serves an h3 app (one g-kit app's `handler`, or your own h3 app with several mounted) with
 * WebSockets on one port.
 */
export async function listen(handler: H3, options: ListenOptions = {}): Promise<Listening> {
  const { port = 7860, host = '127.0.0.1', heartbeat = 30, maxPayload = 16 << 20 } = options
  const node = { idleTimeout: heartbeat, serverOptions: { maxPayload } }
  // No signal handlers of srvx's own: a process decides how it stops (call `app.close()` to run the sessions' callbacks).
  const server = serve(handler, { port, hostname: host, silent: true, gracefulShutdown: false, plugins: [ws({ options: { node } })] })
  // Upgraded sockets leave the HTTP server's books, and would keep `close` waiting: track every one.
  const sockets = new Set<Socket>()
  const loopback = isLoopbackAddress(host)
  const http = server.node?.server
  http?.on('connection', (socket: Socket) => {
    // A client may reset its connection at any moment, and Node's HTTP server drops its own `error`
    // listener from a socket it hands to 'upgrade': crossws then writes a refusal (or ws a handshake)
    // to a socket with none, and the write's ECONNRESET/EPIPE would end the process. This listener
    // stays from the first byte to the close; the socket's own close does the cleaning up.
    socket.on('error', ignoreSocketError)
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    if (loopback) markLoopbackSocket(socket)
  })
  // Before crossws's own listener: a socket that reaches 'upgrade' by another way than 'connection' is guarded too.
  http?.prependListener('upgrade', (_request: IncomingMessage, socket: Socket) => {
    if (!socket.listeners('error').includes(ignoreSocketError)) socket.on('error', ignoreSocketError)
  })
  await server.ready()
  const address = server.node?.server?.address()
  const bound = typeof address === 'object' && address ? address.port : port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${bound}/`,
    async close() {
      const closed = server.close(true)
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

/** A reset or broken connection is the client's business: its socket closes, and nothing else needs doing. */
function ignoreSocketError(): void {}
