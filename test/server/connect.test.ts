// connect(): a session without any element, from Node, against the real server.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { WebSocket } from 'ws'
import { connect, type ClientSession } from 'g-kit'
import { createApp, GError, type App, type FnContext } from 'g-kit/server'
import { gate, within } from './_ws.js'

let app: App
let url: string
let slowStarted = gate()
let slowRelease = gate()
let adds = 0
let aborted = 0
const sessions: ClientSession[] = []

before(async () => {
  app = createApp({ log: { warn() {}, error() {} } })
  app.fn('add_items', (items: string[], cart: string[]) => {
    adds++
    return [...cart, ...items]
  })
  app.fn('cart_size', (cart: string[]) => cart.length)
  app.fn('slow_add', async (items: string[], cart: string[]) => {
    slowStarted.open()
    await slowRelease.promise
    return [...cart, ...items]
  })
  app.fn('count_to', async function* (n: number) {
    for (let i = 1; i <= n; i++) yield i
  })
  app.fn('wait_for_cancel', (ctx: FnContext) => {
    slowStarted.open()
    return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(void aborted++)))
  })
  app.fn('ticks', async function* (ctx: FnContext) {
    for (let i = 1; ; i++) {
      yield i
      if (i === 1) slowStarted.open()
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()))
      if (ctx.signal.aborted) return
    }
  })
  app.fn('count_then_refuse', async function* () {
    yield 1
    throw new GError('Only one today')
  })
  app.fn('refuse', () => {
    throw new GError('The cart is full')
  })
  app.fn('crash', () => {
    throw new Error('secret database detail')
  })
  ;({ url } = await app.listen({ port: 0 }))
})

after(async () => {
  sessions.forEach((s) => s.close())
  await app.close()
})

/** A session opened with `ws` (Node 20 has no WebSocket), its sockets kept so that a test can cut one. */
async function open(): Promise<{ s: ClientSession; sockets: WebSocket[] }> {
  const sockets: WebSocket[] = []
  class Kept extends WebSocket {
    constructor(address: string) {
      super(address)
      sockets.push(this)
    }
  }
  const s = await within(connect(url, { WebSocket: Kept }), 'connect')
  sessions.push(s)
  return { s, sockets }
}

describe('connect()', () => {
  it('calls functions with values and state handles: the state stays in the session', async () => {
    const { s } = await open()
    assert.match(s.id, /^[\w-]{20,}$/)
    const cart = s.state('cart', [] as string[])
    assert.deepEqual(await s.call('add_items', [['Milk'], cart], [cart]), [undefined])
    await s.call('add_items', [['Water', 'Tea'], cart], [cart])
    const [size] = await s.call('cart_size', [cart])
    assert.equal(size, 3)
  })

  it('keeps two sessions apart', async () => {
    const [{ s: a }, { s: b }] = await Promise.all([open(), open()])
    const [cartA, cartB] = [a.state('cart', []), b.state('cart', [])]
    await a.call('add_items', [['Milk'], cartA], [cartA])
    assert.deepEqual(await Promise.all([a.call('cart_size', [cartA]), b.call('cart_size', [cartB])]), [[1], [0]])
  })

  it("streams a generator's steps as an async iterator", async () => {
    const { s } = await open()
    const seen: unknown[] = []
    for await (const [n] of s.stream('count_to', [3])) seen.push(n)
    assert.deepEqual(seen, [1, 2, 3])
  })

  it("gives a stream's steps before its failure, then throws the failure", async () => {
    const { s } = await open()
    const seen: unknown[] = []
    await assert.rejects(
      (async () => {
        for await (const [n] of s.stream('count_then_refuse')) seen.push(n)
      })(),
      /Only one today/,
    )
    assert.deepEqual(seen, [1])
  })

  it('cancels a call through its AbortSignal: the function sees the abort, the call rejects with an AbortError', async () => {
    const { s } = await open()
    slowStarted = gate()
    const controller = new AbortController()
    const call = s.call('wait_for_cancel', [], [null], { signal: controller.signal })
    await slowStarted.promise
    controller.abort()
    await assert.rejects(call, (error: Error) => error.name === 'AbortError' && /'wait_for_cancel' was cancelled/.test(error.message))
    assert.equal(aborted, 1)
  })

  it('stops a stream that is left early, and the session goes on', async () => {
    const { s } = await open()
    slowStarted = gate()
    const stream = s.stream('ticks')
    for await (const [n] of stream) {
      assert.equal(n, 1)
      break
    }
    await slowStarted.promise
    const cart = s.state('cart', [])
    assert.deepEqual(await within(s.call('cart_size', [cart]), 'a call after the cancel'), [0])
  })

  it('resumes after a cut socket, and a call in flight is applied once', async () => {
    const { s, sockets } = await open()
    const cart = s.state('cart', [] as string[])
    slowStarted = gate()
    slowRelease = gate()
    const addsBefore = adds
    const call = s.call('slow_add', [['Milk'], cart], [cart])
    await slowStarted.promise
    const id = s.id
    sockets[0]!.terminate() // the reply is lost with the socket
    slowRelease.open()
    await within(call, 'the call, after the reconnect')
    assert.ok(sockets.length >= 2, 'a second socket')
    assert.equal(s.id, id)
    assert.deepEqual(await s.call('cart_size', [cart]), [1])
    assert.equal(adds, addsBefore)
  })

  it('rejects with errors that name the problem', async () => {
    const { s } = await open()
    await assert.rejects(s.call('no_such_fn', [1]), /unknown function 'no_such_fn'/)
    await assert.rejects(s.call('refuse'), /^Error: The cart is full$/)
    await assert.rejects(s.call('crash'), (error: Error) => /'crash' failed: an error on the server/.test(error.message) && !error.message.includes('secret'))
  })

  it('rejects connect() naming the server when it cannot be reached', async () => {
    // No WebSocket option: Node 20 has none, so connect() loads the `ws` package itself.
    await assert.rejects(connect('http://127.0.0.1:9/'), /cannot connect to ws:\/\/127\.0\.0\.1:9\/g\/ws/)
  })
})
