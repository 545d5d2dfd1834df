import type { ClientMessage, ServerMessage } from '../../server/protocol.js'

/** What a connection reports about itself. */
export type ConnectionStatus = 'connecting' | 'open' | 'closed'

export interface ConnectionHandlers {
  message(message: ServerMessage): void
  status(status: ConnectionStatus, detail?: string): void
}

/**
 * One app's WebSocket. Messages sent before it opens wait and go out in order; the server's
 * frames (arrays of messages) are unpacked.
 */
export class Connection {
  #socket: WebSocket
  #waiting: string[] = []

  constructor(
    readonly url: string,
    private handlers: ConnectionHandlers,
  ) {
    handlers.status('connecting')
    const socket = (this.#socket = new WebSocket(url))
    socket.addEventListener('open', () => {
      for (const frame of this.#waiting.splice(0)) socket.send(frame)
      handlers.status('open')
    })
    socket.addEventListener('message', (event) => this.#receive(event.data))
    socket.addEventListener('close', (event) => {
      handlers.status('closed', event.reason || (event.code === 1006 ? 'the server could not be reached or refused the page' : undefined))
    })
  }

  send(message: ClientMessage): void {
    const frame = JSON.stringify(message)
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(frame)
    else this.#waiting.push(frame)
  }

  close(): void {
    this.#socket.close(1000, 'page left')
  }

  #receive(data: unknown): void {
    let messages: unknown
    try {
      messages = JSON.parse(String(data))
    } catch {
      return console.warn('[g-kit] ignored a frame that is not JSON')
    }
    for (const message of Array.isArray(messages) ? messages : [messages]) this.handlers.message(message as ServerMessage)
  }
}

declare const __G_STANDALONE__: boolean | undefined

/**
 * The WebSocket URL of an app: under its `server` attribute if given; else under the server that
 * served kit.js (when the page loaded the standalone bundle); else the page's own origin.
 */
export function socketUrl(server: string | null | undefined, path: string): string {
  const standalone = typeof __G_STANDALONE__ !== 'undefined' && __G_STANDALONE__
  // kit.js is served at <base>/g/kit.js. (Through a variable: Vite would take `new URL(path, import.meta.url)` for an asset.)
  const kitUrl = import.meta.url
  let base = server ? new URL(server, document.baseURI) : standalone ? new URL('..', kitUrl) : new URL('/', location.href)
  if (!base.pathname.endsWith('/')) base = new URL(base.pathname + '/' + base.search, base)
  const url = new URL(path, base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.href
}
