import { serve, type H3 } from 'h3'
import { plugin as ws } from 'crossws/server'
import type { Socket } from 'node:net'

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
  server.node?.server?.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
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
