// Upgrades whose TCP connection the client resets at once (issue 9, finding 8): refused ones (an origin
// not in `origins`, an unknown path, a host the server does not answer to) and accepted ones. A write
// to such a socket fails with ECONNRESET or EPIPE; with no `error` listener on the socket, that ended
// the whole process. The server must stay up, and a page alongside must keep every one of its events.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect as tcp } from 'node:net'
import { randomBytes } from 'node:crypto'
import { createApp, type App } from 'g-kit/server'
import { captureLog, closeAll, connect, graph, on, within } from './_ws.js'

const echoGraph = graph({ controls: ['in', 'out'], listeners: [on('go.click', 'echo', 'in', 'out')] })

/** The raw bytes of a WebSocket upgrade request. */
function upgradeRequest(path: string, port: string, headers: Record<string, string> = {}): string {
  const all = { host: `127.0.0.1:${port}`, upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': randomBytes(16).toString('base64'), 'sec-websocket-version': '13', ...headers }
  return `GET ${path} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`
}

/** Connects, sends `bytes`, and resets the connection (TCP RST) as soon as they are written. */
function sendAndReset(port: number, bytes: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = tcp({ host: '127.0.0.1', port }, () => {
      socket.write(bytes, () => {
        socket.resetAndDestroy()
      })
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve())
  })
}

describe('upgrades whose connection is reset at once', () => {
  let app: App
  let url: string
  let port: number
  const logged = captureLog()
  before(async () => {
    app = createApp({ origins: ['https://cms.example.com'], log: logged.log }).fn('echo', (x: unknown) => x)
    ;({ url } = await app.listen({ port: 0 }))
    port = Number(new URL(url).port)
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  it('leave the server up, and a page alongside completes every one of its events', async () => {
    const crashes: unknown[] = []
    const record = (error: unknown) => void crashes.push(error)
    process.on('uncaughtException', record)
    try {
      const page = await connect(url, echoGraph)
      const p = String(port)
      const attacks = [
        upgradeRequest('/g/ws', p, { origin: 'https://evil.example' }), // refused after the upgrade, with a frame
        upgradeRequest('/nope', p), // refused by crossws with 404
        upgradeRequest('/g/ws', p, { host: 'evil.example' }), // refused with 403: a host a loopback server does not answer to
        upgradeRequest('/g/ws', p), // accepted
        upgradeRequest('/g/ws', p, { origin: 'https://cms.example.com' }), // accepted
        upgradeRequest('/g/ws', p).slice(0, 40), // half a request
      ]
      const ROUNDS = 60 // 360 connections, 30 at a time
      const storm = (async () => {
        for (let round = 0; round < ROUNDS; round += 5) {
          await Promise.all(Array.from({ length: 5 }, () => attacks.map((bytes) => sendAndReset(port, bytes))).flat())
        }
      })()
      let sent = 0
      let stormOver = false
      void storm.finally(() => (stormOver = true))
      // The page keeps clicking while the storm lasts (and at least 20 times).
      while (!stormOver || sent < 20) {
        const value = `click ${++sent}`
        const result = await page.event('go.click', { in: value })
        assert.deepEqual(result.updates.map((u) => u.values), [{ out: value }], `event ${sent}`)
        assert.ok(result.done, `event ${sent} did not complete`)
      }
      await within(storm, 'the storm of reset upgrades')
      assert.deepEqual(crashes, [], 'an uncaught exception in the server')

      // Still serving: a new page connects and runs an event.
      const later = await connect(url, echoGraph)
      assert.deepEqual((await later.event('go.click', { in: 'after' })).updates.map((u) => u.values), [{ out: 'after' }])
    } finally {
      process.off('uncaughtException', record)
    }
  })
})
