// The Gradio-compatible API, driven by the published @gradio/client (unmodified, from npm) against
// the real server: connect, predict, submit (streaming), errors, cancel, and one session per Client.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { H3 } from 'h3'
import { Client } from '@gradio/client'
import { createApp, GError, listen, type App, type AppOptions, type FnContext } from 'g-kit/server'
import { captureLog, closeAll, connect, gate, graph, on, within } from './_ws.js'

afterEach(() => closeAll())

/** Every Client a test connects, closed after it (its event stream is aborted). */
const clients: Client[] = []
afterEach(() => clients.splice(0).forEach((c) => c.close()))

async function gradio(url: string, options?: Parameters<typeof Client.connect>[1]): Promise<Client> {
  const client = await within(Client.connect(url, options), 'Client.connect')
  clients.push(client)
  return client
}

/** The data of a submitted job's next `data` message, read without closing the job. */
async function nextData(job: ReturnType<Client['submit']>): Promise<unknown> {
  for (;;) {
    const { value, done } = await job.next()
    if (done) throw new Error('the job ended without data')
    if (value.type === 'data') return value.data
  }
}

function shopApp(options: AppOptions = {}) {
  const logged = captureLog()
  const steps = { second: gate() }
  const app = createApp({ log: logged.log, ...options })
  app.state('cart', { value: [] as string[] })
  app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items], { inputs: ['items', 'cart'], outputs: ['cart'] })
  app.fn('cart_size', (cart: string[]) => cart.length, { inputs: ['cart'], outputs: ['size'] })
  app.fn('describe', (cart: string[], label: string) => [`${label}: ${cart.join(', ')}`, cart], { inputs: ['cart', 'label'], outputs: ['text', 'cart'] })
  app.fn('checkout', (cart: string[]) => {
    if (cart.length === 0) throw new GError('The cart is empty')
    return `bought ${cart.length}`
  }, { inputs: ['cart'], outputs: ['receipt'] })
  app.fn('crash', () => {
    throw new Error('secret detail')
  }, { inputs: [], outputs: ['x'] })
  app.fn('count', async function* (to: number) {
    yield 1
    await steps.second.promise
    for (let i = 2; i <= to; i++) yield i
  }, { inputs: ['to'], outputs: ['n'] })
  app.fn('notify', (ctx: FnContext) => {
    ctx.info('Packed 1 of 2')
    ctx.warning('Water is heavy')
    ctx.progress(0.5, 'half way')
    return 'packed'
  }, { inputs: [], outputs: ['status'] })
  app.fn('forever', async function* (_: unknown, ctx: { signal: AbortSignal }) {
    yield 'started'
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
  }, { inputs: ['x'], outputs: ['y'] })
  return { app, logged, steps }
}

describe('@gradio/client against a g-kit app', () => {
  let app: App
  let url: string
  let steps: ReturnType<typeof shopApp>['steps']
  let logged: ReturnType<typeof captureLog>
  before(async () => {
    ;({ app, steps, logged } = shopApp())
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())

  it('connects, and describes each function with its parameters, states hidden as Gradio hides them', async () => {
    const client = await gradio(url)
    const api = await client.view_api()
    const add = api.named_endpoints['/add_items']!
    assert.deepEqual(add.parameters.filter((p) => !(p as { hidden?: boolean }).hidden).map((p) => p.parameter_name), ['items'])
    assert.deepEqual(add.parameters.map((p) => p.component), ['Json', 'state'], 'the client puts the state back, hidden')
    assert.deepEqual(api.named_endpoints['/describe']!.returns.map((r) => r.label), ['text'])
    assert.equal(api.named_endpoints['/count']!.type?.generator, true)
  })

  it('predicts, threading the cart of one Client across its calls, positional or keyword arguments', async () => {
    const client = await gradio(url)
    assert.deepEqual((await client.predict('/add_items', [['Milk', 'Eggs']])).data, [])
    assert.deepEqual((await client.predict('/add_items', { items: ['Water'] })).data, [])
    assert.deepEqual((await client.predict('/cart_size', [])).data, [3])
    assert.deepEqual((await client.predict('describe', { label: 'cart' })).data, ['cart: Milk, Eggs, Water'])
    assert.deepEqual((await client.predict('/checkout', [])).data, ['bought 3'])
  })

  it('keeps two Clients apart: each is its own session', async () => {
    const [a, b] = await Promise.all([gradio(url), gradio(url)])
    await a.predict('/add_items', [['Milk']])
    await b.predict('/add_items', [['Tea', 'Rice']])
    await a.predict('/add_items', [['Bread']])
    assert.deepEqual((await a.predict('/describe', ['a'])).data, ['a: Milk, Bread'])
    assert.deepEqual((await b.predict('/describe', ['b'])).data, ['b: Tea, Rice'])
  })

  it('throws a GError as Gradio throws its errors, and any other error with a generic message', async () => {
    const client = await gradio(url)
    await assert.rejects(client.predict('/checkout', []), (error: Error & { stage?: string; title?: string }) => {
      assert.equal(error.message, 'The cart is empty')
      assert.equal(error.stage, 'error')
      return true
    })
    await assert.rejects(client.predict('/crash', []), (error: Error) => {
      assert.match(error.message, /'crash' failed: an error on the server/)
      assert.doesNotMatch(error.message, /secret detail/)
      return true
    })
    assert.match(logged.text(), /secret detail/)
    // The session goes on after an error: the next call does not hang.
    assert.deepEqual((await within(client.predict('/cart_size', []), 'a call after an error')).data, [0])
  })

  it('streams a generator through submit, each yield as it comes', async () => {
    const client = await gradio(url)
    const job = client.submit('/count', [3])
    const seen: unknown[] = [await within(nextData(job), 'the first yield')]
    // The generator still waits at the gate: the first value was streamed, not held to the end.
    steps.second.open()
    for await (const message of job) if (message.type === 'data') seen.push(message.data)
    assert.deepEqual(seen[0], [1])
    assert.deepEqual(seen.slice(1, 3), [[2], [3]])
    assert.deepEqual(seen.at(-1), [3], 'the end carries the final value')
    // predict on a generator gives its last value.
    assert.deepEqual((await client.predict('/count', [4])).data, [4])
  })

  it('sends what a function tells the user as Gradio\'s log and progress messages', async () => {
    const client = await gradio(url, { events: ['data', 'status', 'log'] })
    const logs: Array<{ log: string; level: string }> = []
    const progress: unknown[] = []
    for await (const message of client.submit('/notify', [])) {
      if (message.type === 'log') logs.push({ log: message.log, level: message.level })
      if (message.type === 'status' && message.progress_data) progress.push(...message.progress_data)
    }
    assert.deepEqual(logs, [
      { log: 'Packed 1 of 2', level: 'info' },
      { log: 'Water is heavy', level: 'warning' },
    ])
    assert.deepEqual(progress, [{ index: null, length: null, unit: 'steps', progress: 0.5, desc: 'half way' }])
  })

  it('cancels a running event, and the Client goes on', async () => {
    const client = await gradio(url, { events: ['data', 'status'] })
    const job = client.submit('/forever', [null])
    // Once the first yield is in, the client knows its event's id, which cancel sends.
    assert.deepEqual(await within(nextData(job), 'the first yield'), ['started'])
    const statuses: Array<{ stage: string; message?: string }> = []
    const ended = (async () => {
      for await (const message of job) if (message.type === 'status') statuses.push({ stage: message.stage, message: String(message.message) })
    })()
    await job.cancel()
    await within(ended, 'the cancelled event to end')
    assert.deepEqual(statuses.at(-1), { stage: 'error', message: "'forever' was cancelled" })
    assert.deepEqual((await within(client.predict('/cart_size', []), 'a call after a cancel')).data, [0])
  })

  it('never reaches a page\'s session, whatever session_hash a Client picks', async () => {
    const page = await connect(url, graph({ listeners: [on('add.click', 'add_items', 'items cart', 'cart')], serverStates: ['cart'], controls: ['items'] }))
    const event = await page.event('add.click', { items: ['Secret'] })
    assert.ok(event.done)
    for (const hash of [page.session!, page.welcome!.resume.replace('.', '_')]) {
      const client = await gradio(url, { session_hash: hash })
      assert.deepEqual((await client.predict('/describe', ['cart'])).data, ['cart: '])
    }
  })

  it('refuses a page on another origin', async () => {
    await assert.rejects(Client.connect(url, { headers: { origin: 'https://evil.example' } }))
    const join = await fetch(new URL('gradio_api/queue/join', url), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ data: [], fn_index: 1, session_hash: 'abc' }),
    })
    assert.equal(join.status, 403)
  })

  it('answers a join with a wrong function or arity as Gradio does (422 and a detail)', async () => {
    const join = (body: object) => fetch(new URL('gradio_api/queue/join', url), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    const wrong = await join({ data: [1, 2, 3], fn_index: 1, session_hash: 'abc' })
    assert.equal(wrong.status, 422)
    assert.match(((await wrong.json()) as { detail: string }).detail, /'\/add_items' takes 1 value \(items\); got 3/)
    const unknown = await join({ data: [], fn_index: 99, session_hash: 'abc' })
    assert.equal(unknown.status, 404)
    const badHash = await join({ data: [null, null], fn_index: 1, session_hash: '../x' })
    assert.equal(badHash.status, 422)
  })
})

describe('@gradio/client and the app\'s options', () => {
  it('connects to an app mounted under a base path', async () => {
    const { app } = shopApp()
    const site = new H3()
    site.mount('/shop', app.handler)
    const server = await listen(site, { port: 0 })
    try {
      const client = await gradio(new URL('shop', server.url).href)
      await client.predict('/add_items', [['Milk']])
      assert.deepEqual((await client.predict('/cart_size', [])).data, [1])
    } finally {
      clients.splice(0).forEach((c) => c.close())
      await server.close()
      await app.close()
    }
  })

  it('ends a Client\'s session after its ttl of disuse (onUnload runs), and its next call starts from the defaults', async () => {
    const { app } = shopApp({ closedTtl: 1, sweepInterval: 0.05 })
    const unloaded = gate()
    app.onUnload(() => unloaded.open())
    const { url } = await app.listen({ port: 0 })
    try {
      const client = await gradio(url)
      await client.predict('/add_items', [['Milk']])
      assert.deepEqual((await client.predict('/cart_size', [])).data, [1])
      await within(unloaded.promise, 'the session to end')
      assert.deepEqual((await client.predict('/cart_size', [])).data, [0])
    } finally {
      clients.splice(0).forEach((c) => c.close())
      await app.close()
    }
  })

  it('keeps an event\'s results for a client whose stream opens late, even once its session has ended', async () => {
    const { app } = shopApp({ closedTtl: 1, sweepInterval: 0.05 })
    const unloaded = gate()
    app.onUnload(() => unloaded.open())
    const { url } = await app.listen({ port: 0 })
    try {
      const joined = await fetch(new URL('gradio_api/queue/join', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: [['Milk'], null], fn_index: 1, session_hash: 'late-reader' }),
      })
      const { event_id } = (await joined.json()) as { event_id: string }
      await within(unloaded.promise, 'the session to end')
      const stream = await fetch(new URL('gradio_api/queue/data?session_hash=late-reader', url))
      const messages = (await stream.text()).split('\n\n').filter(Boolean).map((block) => JSON.parse(block.slice('data: '.length)) as Record<string, unknown>)
      assert.deepEqual(messages.map((m) => [m.msg, m.event_id]), [
        ['process_starts', event_id],
        ['process_completed', event_id],
        ['close_stream', null],
      ])
      assert.deepEqual(messages[1]!.output, { data: [null], is_generating: false })
    } finally {
      await app.close()
    }
  })

  it('keeps at most maxSessions sessions: a new Client evicts the one unused the longest', async () => {
    const { app } = shopApp({ maxSessions: 2 })
    const { url } = await app.listen({ port: 0 })
    try {
      const [a, b, c] = await Promise.all([gradio(url), gradio(url), gradio(url)])
      await a.predict('/add_items', [['Milk']])
      await b.predict('/add_items', [['Tea']])
      await c.predict('/add_items', [['Rice']])
      assert.deepEqual((await c.predict('/cart_size', [])).data, [1])
      assert.deepEqual((await b.predict('/cart_size', [])).data, [1])
      assert.deepEqual((await a.predict('/cart_size', [])).data, [0], 'a was evicted: it starts again from the defaults')
    } finally {
      clients.splice(0).forEach((c) => c.close())
      await app.close()
    }
  })

  it('cannot connect when the app is made with api: false', async () => {
    const { app } = shopApp({ api: false })
    const { url } = await app.listen({ port: 0 })
    try {
      await assert.rejects(Client.connect(url), /Could not resolve app config/)
    } finally {
      await app.close()
    }
  })
})
