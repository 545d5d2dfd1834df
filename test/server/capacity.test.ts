// Fair capacity, from raw sockets on several source addresses (127.0.0.x are all this machine):
// a limit per client address, eviction at `maxSessions` that takes from the client holding the most,
// and the client's address from a proxy's header only when the app trusts it.
import { after, afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import { createApp, type App, type FnContext } from 'g-kit/server'
import { PROTOCOL_VERSION, SOCKET_PATH, type ServerMessage, type WelcomeMessage } from '../../server/protocol.js'
import { clientKey } from '../../server/session/clients.js'
import { coreOf } from '../../server/app.js'
import { captureLog, graph, on, WAIT_MS, within } from './_ws.js'

const whoGraph = graph({ controls: ['who'], listeners: [on('ask.click', 'address', '', 'who')] })

/** A page's socket from one source address: its first answer to hello, and a way to close it. */
interface Page {
  ws: WebSocket
  first: ServerMessage
  welcome?: WelcomeMessage
  close(): Promise<void>
}

const pages = new Set<Page>()

async function hello(url: string, from: string, options: { resume?: string; headers?: Record<string, string> } = {}): Promise<Page> {
  const ws = new WebSocket(new URL(SOCKET_PATH, url), { localAddress: from, headers: options.headers })
  ws.on('error', () => {})
  const inbox: ServerMessage[] = []
  let wake: (() => void) | undefined
  ws.on('message', (data) => {
    inbox.push(...(JSON.parse(data.toString()) as ServerMessage[]))
    wake?.()
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('close', () => reject(new Error(`the socket from ${from} closed before it opened`)))
  })
  ws.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, graph: whoGraph, ...(options.resume && { resume: options.resume }) }))
  const first = await new Promise<ServerMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to hello from ${from} in ${WAIT_MS} ms`)), WAIT_MS)
    wake = () => {
      clearTimeout(timer)
      resolve(inbox.shift()!)
    }
    if (inbox.length) wake()
  })
  wake = undefined
  const page: Page = {
    ws,
    first,
    ...(first.t === 'welcome' && { welcome: first }),
    close: () => {
      pages.delete(page)
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
      return new Promise((resolve) => {
        ws.once('close', () => resolve())
        ws.close()
      })
    },
  }
  pages.add(page)
  return page
}

/** Opens a page that must get a session. */
async function session(url: string, from: string, headers?: Record<string, string>): Promise<Page & { welcome: WelcomeMessage }> {
  const page = await hello(url, from, { headers })
  assert.equal(page.first.t, 'welcome', `a page from ${from} got no session: ${JSON.stringify(page.first)}`)
  return page as Page & { welcome: WelcomeMessage }
}

/** Whether the session a page held is still kept by the server (asking through a resume would itself open sessions). */
function stillThere(app: App, page: Page): boolean {
  return coreOf(app).sessions.has(page.welcome!.session)
}

/** Closes a page and waits until the server has seen it close. */
async function leave(app: App, page: Page): Promise<void> {
  await page.close()
  const session = coreOf(app).sessions.get(page.welcome!.session)!
  while (session.closedAt === undefined) await new Promise((resolve) => setImmediate(resolve))
}

const apps: App[] = []
async function serve(options: Parameters<typeof createApp>[0]): Promise<{ app: App; url: string }> {
  const app = createApp({ log: captureLog().log, heartbeat: 0, ...options })
  app.fn('address', (ctx: FnContext) => ctx.request.address)
  apps.push(app)
  return { app, url: (await app.listen({ port: 0 })).url }
}

afterEach(() => Promise.all([...pages].map((page) => page.close())))
after(() => Promise.all(apps.map((app) => app.close())))

describe('capacity: a limit per client address', () => {
  it('refuses a client whose sessions are all open past maxSessionsPerClient, naming the reason, while other clients get in', async () => {
    const { url } = await serve({ maxSessionsPerClient: 4, maxSessions: 100 })
    for (let i = 0; i < 4; i++) await session(url, '127.0.0.2')
    const refused = await hello(url, '127.0.0.2')
    assert.deepEqual(refused.first, { t: 'error', code: 'full', message: 'too many sessions from your address (4 open): close a tab of this app and try again' })
    await session(url, '127.0.0.3')
  })

  it('idle sockets from one client, answering every ping, cannot fill maxSessions', async () => {
    const { app, url } = await serve({ maxSessionsPerClient: 3, maxSessions: 6, heartbeat: 1 })
    const held: Page[] = []
    for (let i = 0; i < 10; i++) held.push(await hello(url, '127.0.0.2'))
    assert.equal(held.filter((p) => p.welcome).length, 3)
    // The held sockets are alive: the server pings them and they answer (ws answers pings by itself).
    const open = held.filter((p) => p.welcome)
    await within(Promise.all(open.map((p) => new Promise((resolve) => p.ws.once('ping', resolve)))), 'a ping of each held socket')
    await within(Promise.all(open.map((p) => new Promise((resolve) => p.ws.once('ping', resolve)))), 'a second ping: they answered the first')
    assert.ok(open.every((p) => p.ws.readyState === WebSocket.OPEN))
    for (const from of ['127.0.0.3', '127.0.0.4', '127.0.0.5']) await session(url, from)
    assert.equal(coreOf(app).sessions.size, 6)
  })

  it('a client past its limit gives up its own session whose page closed longest ago, never another client’s', async () => {
    const { app, url } = await serve({ maxSessionsPerClient: 3, maxSessions: 100 })
    const user = await session(url, '127.0.0.3')
    await leave(app, user)
    const mine = [await session(url, '127.0.0.2'), await session(url, '127.0.0.2'), await session(url, '127.0.0.2')]
    await leave(app, mine[1]!)
    await leave(app, mine[0]!)
    await session(url, '127.0.0.2') // evicts mine[1], closed first
    assert.equal(stillThere(app, mine[1]!), false, 'its least recently closed session is gone')
    assert.equal(stillThere(app, user), true, 'another client’s closed session was evicted')
    assert.equal(stillThere(app, mine[0]!), true)
  })
})

describe('capacity: at maxSessions', () => {
  it('evicts from the client holding the most sessions, even its newer ones, before any other client’s older session', async () => {
    const { app, url } = await serve({ maxSessionsPerClient: 6, maxSessions: 10 })
    const users = [await session(url, '127.0.0.3'), await session(url, '127.0.0.4')]
    for (const user of users) await leave(app, user) // the oldest closed sessions
    const attacker: Page[] = []
    for (let i = 0; i < 6; i++) attacker.push(await session(url, '127.0.0.2'))
    for (const page of attacker) await leave(app, page)
    await session(url, '127.0.0.5')
    await session(url, '127.0.0.5') // 10 sessions: full
    assert.equal(coreOf(app).sessions.size, 10)
    for (const from of ['127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9']) await session(url, from)
    assert.equal(coreOf(app).sessions.size, 10)
    const survivors = attacker.map((page) => stillThere(app, page))
    assert.deepEqual(survivors, [false, false, false, false, true, true], 'the attacker’s sessions that closed first went first')
    for (const [i, user] of users.entries()) assert.equal(stillThere(app, user), true, `user ${i}’s older session was evicted`)
  })

  it('among clients holding as many, evicts the session whose page closed longest ago; never an open one: full when all are', async () => {
    const { app, url } = await serve({ maxSessionsPerClient: 5, maxSessions: 4 })
    const first = await session(url, '127.0.0.2')
    const second = await session(url, '127.0.0.3')
    const third = await session(url, '127.0.0.4')
    await session(url, '127.0.0.5') // stays open
    await leave(app, second)
    await leave(app, first)
    await leave(app, third)
    await session(url, '127.0.0.6')
    assert.equal(stillThere(app, second), false, 'the page that closed first')
    assert.equal(stillThere(app, first), true)
    assert.equal(stillThere(app, third), true)
    await session(url, '127.0.0.7') // evicts first
    await session(url, '127.0.0.8') // evicts third
    assert.equal(coreOf(app).closed.size, 0, 'evicted sessions still wait in the expiry queue')
    const refused = await hello(url, '127.0.0.9')
    assert.deepEqual(refused.first, { t: 'error', code: 'full', message: 'the server is full (4 sessions open): try again in a moment' })
  })
})

describe('capacity: the client address behind a proxy', () => {
  async function addressSeen(url: string, headers: Record<string, string>): Promise<unknown> {
    const page = await session(url, '127.0.0.2', headers)
    const answer = new Promise<ServerMessage[]>((resolve) => {
      page.ws.on('message', (data) => {
        const messages = JSON.parse(data.toString()) as ServerMessage[]
        if (messages.some((m) => m.t === 'update')) resolve(messages)
      })
    })
    page.ws.send(JSON.stringify({ t: 'event', id: 1, trigger: 'ask.click', values: {} }))
    const update = (await answer).find((m) => m.t === 'update')!
    await page.close()
    return (update as { values: Record<string, unknown> }).values.who
  }

  it('comes from x-forwarded-for only when the app trusts its proxy, as many hops back as it says', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7, 198.51.100.4' }
    const { url: plain } = await serve({})
    assert.equal(await addressSeen(plain, forwarded), '127.0.0.2', 'an untrusted header was believed')
    const { url: oneHop } = await serve({ trustProxy: 1 })
    assert.equal(await addressSeen(oneHop, forwarded), '198.51.100.4')
    const { url: twoHops } = await serve({ trustProxy: 2 })
    assert.equal(await addressSeen(twoHops, forwarded), '203.0.113.7')
    const { url: named } = await serve({ trustProxy: { header: 'x-real-ip' } })
    assert.equal(await addressSeen(named, { 'x-real-ip': '2001:db8::5', ...forwarded }), '2001:db8::5')
  })

  it('a client cannot escape its limit by sending x-forwarded-for to an app that does not trust it', async () => {
    const { url } = await serve({ maxSessionsPerClient: 2, maxSessions: 100 })
    await session(url, '127.0.0.2', { 'x-forwarded-for': '203.0.113.1' })
    await session(url, '127.0.0.2', { 'x-forwarded-for': '203.0.113.2' })
    assert.equal((await hello(url, '127.0.0.2', { headers: { 'x-forwarded-for': '203.0.113.3' } })).first.t, 'error')
  })

  it('behind a trusted proxy, counts each client apart', async () => {
    const { url } = await serve({ maxSessionsPerClient: 1, maxSessions: 100, trustProxy: 1 })
    await session(url, '127.0.0.2', { 'x-forwarded-for': '203.0.113.1' })
    await session(url, '127.0.0.2', { 'x-forwarded-for': '203.0.113.2' })
    assert.equal((await hello(url, '127.0.0.2', { headers: { 'x-forwarded-for': '203.0.113.1' } })).first.t, 'error')
  })

  it('does not hold a proxy on the server’s own machine to the limit (it is every client at once), and says once to set trustProxy', async () => {
    const logged = captureLog()
    const { url } = await serve({ maxSessionsPerClient: 2, maxSessions: 100, log: logged.log })
    for (let i = 1; i <= 4; i++) await session(url, '127.0.0.1', { 'x-forwarded-for': `203.0.113.${i}` })
    const warnings = logged.calls.filter((c) => c.level === 'warn').map((c) => String(c.args[0]))
    assert.equal(warnings.length, 1, warnings.join('\n'))
    assert.match(warnings[0]!, /came through a proxy \(x-forwarded-for: "203\.0\.113\.1"\) but trustProxy is not set.*createApp\(\{ trustProxy: 1 \}\)/)
  })

  it('counts an IPv6 client by its /64 network, and an IPv4 one mapped into IPv6 as IPv4', () => {
    assert.equal(clientKey('2001:db8:1:2::1'), clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'))
    assert.notEqual(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:3::1'))
    assert.equal(clientKey('::1'), '0:0:0:0::/64')
    assert.equal(clientKey('203.0.113.9'), '203.0.113.9')
  })
})
