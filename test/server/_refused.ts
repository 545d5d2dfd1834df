// A socket the server refuses after the upgrade: what it says before it closes, and the close code.
import WebSocket from 'ws'
import type { ServerMessage } from '../../server/protocol.js'
import { PROTOCOL_VERSION, SOCKET_PATH } from '../../server/protocol.js'
import { WAIT_MS, type OpenOptions } from './_ws.js'

export interface Refusal {
  /** Every message the server sent, frames unpacked. */
  messages: ServerMessage[]
  /** The close code, or the HTTP status when the upgrade itself was refused (as a negative number). */
  code: number
  /** The HTTP body of a refused upgrade. */
  body?: string
}

/**
 * Opens a socket, says hello (which a refused socket must not answer), and resolves when the server
 * has closed it; with `firstAnswer`, as soon as the server says anything (then the socket is dropped).
 */
export function refusedSocket(url: string, options: OpenOptions & { firstAnswer?: boolean } = {}): Promise<Refusal> {
  const headers = { ...options.headers, ...(options.origin !== undefined && { origin: options.origin }) }
  const ws = new WebSocket(new URL(options.path ?? SOCKET_PATH, url), { headers })
  const messages: ServerMessage[] = []
  return new Promise<Refusal>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for the server to close the socket; it said ${JSON.stringify(messages)}`))
    }, WAIT_MS)
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, graph: { states: [], controls: [], listeners: [] } })))
    ws.on('message', (data) => {
      messages.push(...(JSON.parse(data.toString()) as ServerMessage[]))
      if (!options.firstAnswer) return
      clearTimeout(timer)
      resolve({ messages, code: 0 })
      ws.terminate()
    })
    ws.on('error', () => {})
    ws.on('close', (code) => {
      clearTimeout(timer)
      resolve({ messages, code })
    })
    ws.on('unexpected-response', (req, res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ messages, code: -res.statusCode!, body: Buffer.concat(chunks).toString() })
      })
      req.on('error', () => {})
    })
  })
}
