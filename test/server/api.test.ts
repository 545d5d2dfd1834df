// The HTTP API: GET <base>/g/api lists the functions with declared wiring, POST <base>/g/api/<fn>
// calls one in a session the answer names. Real HTTP against the real server.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request, type IncomingMessage } from 'node:http'
import { createApp, GError, type App, type AppOptions, type FnContext } from 'g-kit/server'
import { captureLog, closeAll, connect, gate, graph, on, within } from './_ws.js'

afterEach(() => closeAll())

interface Answer {
  status: number
  headers: Headers
  body: { outputs?: unknown[]; session?: string; error?: string; functions?: unknown[] }
}

async function call(url: string, fn: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(new URL(`g/api/${fn}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, headers: response.headers, body: await response.json() }
}

/** Reads a Server-Sent Events answer event by event. */
async function* events(response: Response): AsyncGenerator<{ event: string; data: Record<string, unknown> }> {
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of response.body!) {
    text += decoder.decode(chunk, { stream: true })
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
      const block = text.slice(0, end)
      text = text.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      yield { event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) }
    }
  }
}

function cartApp(options: AppOptions = {}) {
  const logged = captureLog()
  const steps = { first: gate(), aborted: gate() }
  const app = createApp({ log: logged.log, ...options })
  app.state('cart', { value: [] as string[] })
  const visits = app.global('visits', 0)
  app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items], { inputs: ['items', 'cart'], outputs: ['cart'] })
  app.fn('cart_size', (cart: string[]) => cart.length, { inputs: ['cart'], outputs: ['size'] })
  app.fn('visit', (name: string, visits: number) => [`hello ${name}`, visits + 1], { inputs: ['name', 'visits'], outputs: ['greeting', 'visits'] })
  app.fn('refuse', (cart: string[]) => {
    throw new GError(`the cart has ${cart.length} items: too many`)
  }, { inputs: ['cart'], outputs: ['cart'] })
  app.fn('crash', () => {
    throw new Error('database password is hunter2')
  }, { inputs: [], outputs: ['x'] })
  app.fn('count', async function* (to: number) {
    yield 1
    await steps.first.promise
    for (let i = 2; i <= to; i++) yield i
  }, { inputs: ['to'], outputs: ['n'] })
  app.fn('count_then_fail', async function* () {
    yield 'partial'
    throw new GError('stopped half way')
  }, { inputs: [], outputs: ['n'] })
  app.fn('wait', async function* (ctx: FnContext) {
    yield 'waiting'
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
    steps.aborted.open()
  }, { inputs: [], outputs: ['status'] })
  // What ctx.info, ctx.warning and ctx.progress send a page (the display helper's messages), posted as they would be.
  app.fn('notify', (ctx: FnContext) => {
    ctx.info('Packed 1 of 2')
    ctx.warning('Water is heavy')
    ctx.progress(0.5, 'half way')
    return 'packed'
  }, { inputs: [], outputs: ['status'] })
  app.fn('unwired', (x: unknown) => x)
  return { app, logged, steps, visits }
}

describe('the HTTP API', () => {
  let app: App
  let url: string
  let logged: ReturnType<typeof captureLog>
  let steps: ReturnType<typeof cartApp>['steps']
  let visits: ReturnType<typeof cartApp>['visits']
  before(async () => {
    ;({ app, logged, steps, visits } = cartApp())
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())

  it('lists the functions with declared wiring and the parameters the caller sends and gets, states and globals left out', async () => {
    const response = await fetch(new URL('g/api', url))
    assert.equal(response.status, 200)
    const { functions } = (await response.json()) as { functions: Array<{ name: string; inputs: string[]; outputs: string[]; generator: boolean }> }
    assert.deepEqual(functions.find((f) => f.name === 'add_items'), { name: 'add_items', inputs: ['items'], outputs: [], generator: false })
    assert.deepEqual(functions.find((f) => f.name === 'visit'), { name: 'visit', inputs: ['name'], outputs: ['greeting'], generator: false })
    assert.equal(functions.find((f) => f.name === 'count')?.generator, true)
    assert.ok(!functions.some((f) => f.name === 'unwired'), 'a function without declared wiring is not listed')
  })

  it('calls a function in a new session, and continues that session when the answer\'s session is sent back', async () => {
    const first = await call(url, 'add_items', { inputs: [['Milk', 'Eggs']] })
    assert.equal(first.status, 200)
    assert.deepEqual(first.body.outputs, [])
    assert.match(first.body.session!, /^[\w-]{22}\.[\w-]{22}$/)
    const session = first.body.session!
    assert.deepEqual((await call(url, 'add_items', { inputs: [['Water']], session })).body, { outputs: [], session })
    assert.deepEqual((await call(url, 'cart_size', { inputs: [], session })).body, { outputs: [3], session })
    // Without a session, a new one starts from the defaults.
    const fresh = await call(url, 'cart_size', { inputs: [] })
    assert.deepEqual(fresh.body.outputs, [0])
    assert.notEqual(fresh.body.session, session)
  })

  it('keeps a global on the server, shared by every session', async () => {
    const before = visits.get()
    const a = await call(url, 'visit', { inputs: ['Ann'] })
    const b = await call(url, 'visit', { inputs: ['Bob'] })
    assert.deepEqual(a.body.outputs, ['hello Ann'])
    assert.deepEqual(b.body.outputs, ['hello Bob'])
    assert.notEqual(a.body.session, b.body.session)
    assert.equal(visits.get(), before + 2)
  })

  it('tells the pages that show a global when an API call changes it', async () => {
    const page = await connect(url, graph({ globals: ['visits'] }))
    const heard = page.until((m) => m.t === 'changed' && m.names.includes('visits'), 'the change of visits')
    assert.equal((await call(url, 'visit', { inputs: ['Cy'] })).status, 200)
    await within(heard, 'the page to hear the change')
  })

  it('continues a session only for the holder of its token', async () => {
    const { session } = (await call(url, 'add_items', { inputs: [['Milk']] })).body
    const id = session!.split('.')[0]
    for (const forged of [`${id}.${'A'.repeat(22)}`, id!, `${id}.`, 'nonsense', `${id}.${session!.split('.')[1]}x`]) {
      const answer = await call(url, 'cart_size', { inputs: [], session: forged })
      assert.equal(answer.status, 404, forged)
      assert.match(answer.body.error!, /session is not known/)
    }
    // A page's session cannot be reached through the API, with its id or its resume token.
    const page = await connect(url, graph({ states: { cart: [] }, listeners: [on('add.click', 'add_items', 'items cart', 'cart')], controls: ['items'] }))
    for (const token of [page.welcome!.resume, `${page.session}.x`]) {
      assert.equal((await call(url, 'cart_size', { inputs: [], session: token })).status, 404)
    }
  })

  it('takes a browser state a function is wired to as the caller\'s value, whatever pages declare', async () => {
    app.fn('restore', (saved: { name: string }) => `hello ${saved.name}`, { inputs: ['saved'], outputs: ['user'] })
    const before = await call(url, 'restore', { inputs: [{ name: 'Ada' }] })
    // A page (or any script) declaring a browser state of that name changes nothing for the API.
    await connect(url, graph({ browser: [{ name: 'saved', key: 'g-kit:saved', value: null }], controls: ['user'], listeners: [on('load', 'restore', 'saved', 'user')] }))
    const after = await call(url, 'restore', { inputs: [{ name: 'Ada' }] })
    for (const answer of [before, after]) {
      assert.equal(answer.status, 200)
      assert.deepEqual(answer.body.outputs, ['hello Ada'])
    }
    const { functions } = (await (await fetch(new URL('g/api', url))).json()) as { functions: Array<{ name: string; inputs: string[] }> }
    assert.deepEqual(functions.find((f) => f.name === 'restore')?.inputs, ['saved'])
  })

  it('answers each mistake with a 4xx and an error naming it', async () => {
    const cases: Array<[string, string | object, number, RegExp]> = [
      ['nope', { inputs: [] }, 404, /unknown function "nope": the API has 'add_items', 'cart_size'/],
      ['unwired', { inputs: [1] }, 404, /'unwired' has no declared wiring/],
      ['add_items', '{"inputs": [', 400, /not valid JSON/],
      ['add_items', '', 400, /no body/],
      ['add_items', '[1]', 400, /must be a JSON object/],
      ['add_items', { inputs: 'Milk' }, 400, /'inputs' must be a list of 1 input \(items\)/],
      ['add_items', { inputs: [['Milk'], []] }, 400, /'add_items' takes 1 input \(items\); the request gives 2/],
      ['cart_size', { inputs: [1] }, 400, /'cart_size' takes no inputs; the request gives 1/],
      ['add_items', { inputs: [[]], session: 42 }, 400, /'session' must be the string/],
      ['add_items', '['.repeat(100) + ']'.repeat(100), 400, /nests deeper than 64 levels/],
    ]
    for (const [fn, body, status, error] of cases) {
      const answer = await call(url, fn, body)
      assert.equal(answer.status, status, `${fn} ${JSON.stringify(body)}`)
      assert.match(answer.body.error!, error)
    }
    const get = await fetch(new URL('g/api/add_items', url))
    assert.equal(get.status, 405)
  })

  it('answers a GError with its message, the state untouched, and any other error with a generic message', async () => {
    const { session } = (await call(url, 'add_items', { inputs: [['Milk']] })).body
    const refused = await call(url, 'refuse', { inputs: [], session })
    assert.equal(refused.status, 422)
    assert.deepEqual(refused.body, { error: 'the cart has 1 items: too many', session })
    assert.deepEqual((await call(url, 'cart_size', { inputs: [], session })).body.outputs, [1])
    const crashed = await call(url, 'crash', { inputs: [] })
    assert.equal(crashed.status, 500)
    assert.match(crashed.body.error!, /'crash' failed: an error on the server/)
    assert.doesNotMatch(JSON.stringify(crashed.body), /hunter2/)
    assert.match(logged.text(), /hunter2/, 'the details are in the server log')
  })

  it('streams a generator as Server-Sent Events, each yield as it comes, then the end', async () => {
    const response = await fetch(new URL('g/api/count', url), { method: 'POST', headers: { accept: 'text/event-stream' }, body: JSON.stringify({ inputs: [3] }) })
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type')!, /^text\/event-stream/)
    const stream = events(response)
    // The first yield arrives while the generator still waits for the gate: it is streamed, not buffered.
    assert.deepEqual((await within(stream.next(), 'the first yield')).value, { event: 'outputs', data: { outputs: [1] } })
    steps.first.open()
    const rest: Array<{ event: string; data: Record<string, unknown> }> = []
    for await (const event of stream) rest.push(event)
    assert.deepEqual(rest.slice(0, 2), [
      { event: 'outputs', data: { outputs: [2] } },
      { event: 'outputs', data: { outputs: [3] } },
    ])
    assert.equal(rest[2]!.event, 'done')
    assert.deepEqual(rest[2]!.data.outputs, [3])
    assert.match(String(rest[2]!.data.session), /\./)
    // Without Accept: text/event-stream, the final outputs only.
    assert.deepEqual((await call(url, 'count', { inputs: [4] })).body.outputs, [4])
  })

  it('cancels a streaming call when its caller goes away', async () => {
    const abort = new AbortController()
    const response = await fetch(new URL('g/api/wait', url), { method: 'POST', headers: { accept: 'text/event-stream' }, body: '{"inputs": []}', signal: abort.signal })
    const stream = events(response)
    assert.deepEqual((await within(stream.next(), 'the first yield')).value, { event: 'outputs', data: { outputs: ['waiting'] } })
    abort.abort()
    await within(steps.aborted.promise, 'the function\'s signal to abort')
  })

  it('streams what a function tells the user (ctx.info, ctx.warning, ctx.progress) as events', async () => {
    const response = await fetch(new URL('g/api/notify', url), { method: 'POST', headers: { accept: 'text/event-stream' }, body: '{"inputs": []}' })
    const all: Array<{ event: string; data: Record<string, unknown> }> = []
    for await (const event of events(response)) all.push(event)
    assert.deepEqual(all.slice(0, 4), [
      { event: 'info', data: { message: 'Packed 1 of 2' } },
      { event: 'warning', data: { message: 'Water is heavy' } },
      { event: 'progress', data: { fraction: 0.5, description: 'half way' } },
      { event: 'outputs', data: { outputs: ['packed'] } },
    ])
    assert.equal(all[4]!.event, 'done')
  })

  it('sends a streaming function\'s error as an event', async () => {
    const response = await fetch(new URL('g/api/count_then_fail', url), { method: 'POST', headers: { accept: 'text/event-stream' }, body: '{"inputs": []}' })
    const all: Array<{ event: string; data: Record<string, unknown> }> = []
    for await (const event of events(response)) all.push(event)
    assert.deepEqual(all[0], { event: 'outputs', data: { outputs: ['partial'] } })
    assert.equal(all[1]!.event, 'error')
    assert.equal(all[1]!.data.error, 'stopped half way')
  })

  it('refuses a page on an origin the app does not allow, logs it, and lets an allowed one read the answer', async () => {
    const refused = await call(url, 'cart_size', { inputs: [] }, { origin: 'https://evil.example' })
    assert.equal(refused.status, 403)
    assert.match(refused.body.error!, /origin https:\/\/evil\.example is not in the server's origins/)
    assert.match(logged.text(), /evil\.example/)
    const list = await fetch(new URL('g/api', url), { headers: { origin: 'https://evil.example' } })
    assert.equal(list.status, 403)
    // The server's own origin is allowed.
    const own = await call(url, 'cart_size', { inputs: [] }, { origin: new URL(url).origin })
    assert.equal(own.status, 200)
    assert.equal(own.headers.get('access-control-allow-origin'), new URL(url).origin)
  })
})

describe('the HTTP API\'s bounds and options', () => {
  let app: App | undefined
  afterEach(() => app?.close())

  it('refuses a body larger than maxFrame by its bytes, declared or streamed, before parsing it', async () => {
    ;({ app } = cartApp({ maxFrame: 1024 }))
    const { url } = await app.listen({ port: 0 })
    const big = JSON.stringify({ inputs: [['x'.repeat(2000)]] })
    const declared = await call(url, 'add_items', big)
    assert.equal(declared.status, 413)
    assert.match(declared.body.error!, /larger than the limit of 1024 bytes/)
    // Sent in chunks, with no content-length: counted as it comes.
    const chunks = [big.slice(0, 700), big.slice(700)]
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(new TextEncoder().encode(next))
      },
    })
    const streamed = await fetch(new URL('g/api/add_items', url), { method: 'POST', body, duplex: 'half' } as RequestInit)
    assert.equal(streamed.status, 413)
    // Multi-byte characters count as bytes: 400 "é" are 800 bytes of UTF-8.
    const accents = await call(url, 'add_items', { inputs: [['é'.repeat(600)]] })
    assert.equal(accents.status, 413)
    assert.equal((await call(url, 'add_items', { inputs: [['é'.repeat(400)]] })).status, 200)
  })

  it('lets a page on a listed origin call from the browser: preflights answered, answers readable', async () => {
    ;({ app } = cartApp({ origins: ['https://shop.example'] }))
    const { url } = await app.listen({ port: 0 })
    for (const path of ['g/api/add_items', 'gradio_api/queue/join']) {
      const preflight = await fetch(new URL(path, url), {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-gradio-user' },
      })
      assert.equal(preflight.status, 204)
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example')
      assert.match(preflight.headers.get('access-control-allow-headers')!, /content-type.*x-gradio-user/)
    }
    const answer = await call(url, 'add_items', { inputs: [['Milk']] }, { origin: 'https://shop.example' })
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('access-control-allow-origin'), 'https://shop.example')
    const refused = await fetch(new URL('g/api/add_items', url), { method: 'OPTIONS', headers: { origin: 'https://other.example' } })
    assert.equal(refused.status, 403)
    assert.equal(refused.headers.get('access-control-allow-origin'), null)
  })

  it('sends a slow reader of a stream the latest outputs rather than queueing every step', { timeout: 60_000 }, async () => {
    ;({ app } = cartApp())
    const finished = gate()
    const steps = 200
    app.fn('flood', async function* () {
      for (let i = 1; i <= steps; i++) {
        yield `${i}:${'x'.repeat(50_000)}`
        if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve))
      }
      finished.open()
    }, { inputs: [], outputs: ['y'] })
    const { url } = await app.listen({ port: 0 })
    const { hostname, port } = new URL(url)
    const response = await new Promise<IncomingMessage>((resolve) => {
      const req = request({ hostname, port, path: '/g/api/flood', method: 'POST', headers: { accept: 'text/event-stream' } }, resolve)
      req.end('{"inputs": []}')
    })
    // The reader reads nothing until every step (10 MB of them) is made: what waits for it stays bounded.
    // (A machine under load may take its time: the test's own timeout guards this wait.)
    response.pause()
    await finished.promise
    const chunks: Buffer[] = []
    for await (const chunk of response) chunks.push(chunk as Buffer)
    const received = Buffer.concat(chunks).toString().split('\n\n').filter(Boolean)
    assert.ok(received.length < steps / 2, `${received.length} events reached the reader`)
    assert.match(received.at(-1)!, new RegExp(`^event: done\ndata: \\{"outputs":\\["${steps}:x`))
  })

  it('refuses more than 64 calls waiting in one session', async () => {
    ;({ app } = cartApp())
    const held = gate()
    app.fn('hold', async () => held.promise, { inputs: [], outputs: [] })
    const { url } = await app.listen({ port: 0 })
    const { session } = (await call(url, 'cart_size', { inputs: [] })).body
    const calls = Array.from({ length: 65 }, () => call(url, 'hold', { inputs: [], session }))
    const refused = await within(Promise.race(calls.map(async (c) => ((await c).status === 429 ? c : new Promise<never>(() => {})))), 'a call refused')
    assert.match((await refused).body.error!, /64 calls waiting already/)
    held.open()
    const statuses = (await Promise.all(calls)).map((a) => a.status)
    assert.deepEqual([statuses.filter((s) => s === 200).length, statuses.filter((s) => s === 429).length], [64, 1])
  })

  it('counts the bodies of the calls waiting in one session against maxQueuedBytes, refusing one past it (429, naming the bound)', async () => {
    ;({ app } = cartApp({ maxQueuedBytes: 1 << 20 }))
    const held = gate()
    app.fn('hold', async () => held.promise, { inputs: [], outputs: [] })
    app.fn('take', (x: string) => x.length, { inputs: ['x'], outputs: ['n'] })
    const { url } = await app.listen({ port: 0 })
    const { session } = (await call(url, 'cart_size', { inputs: [] })).body
    const holding = call(url, 'hold', { inputs: [], session })
    // 10 calls of 200 kB wait behind the one that holds: 2 MB, past the bound of 1 MiB.
    const calls = Array.from({ length: 10 }, () => call(url, 'take', { inputs: ['x'.repeat(200_000)], session }))
    const refused = await within(Promise.race(calls.map(async (c) => ((await c).status === 429 ? c : new Promise<never>(() => {})))), 'a call refused')
    assert.match((await refused).body.error!, /more than 1048576 bytes, its limit \(maxQueuedBytes\)/)
    held.open()
    await holding
    const statuses = (await Promise.all(calls)).map((a) => a.status)
    assert.ok(statuses.includes(200) && statuses.every((s) => s === 200 || s === 429), `statuses ${statuses}`)
  })

  it('with api: false, serves neither the HTTP API nor the Gradio-compatible one', async () => {
    ;({ app } = cartApp({ api: false }))
    const { url } = await app.listen({ port: 0 })
    assert.equal((await fetch(new URL('g/api', url))).status, 404)
    assert.equal((await fetch(new URL('g/api/cart_size', url), { method: 'POST', body: '{"inputs": []}' })).status, 404)
    assert.equal((await fetch(new URL('config', url))).status, 404)
    assert.equal((await fetch(new URL('gradio_api/info', url))).status, 404)
  })

  it('counts API sessions against maxSessions, and ends one closedTtl after its last call', async () => {
    const unloaded: string[] = []
    const bothUnloaded = gate()
    const pageClosed = gate()
    ;({ app } = cartApp({ maxSessions: 1, closedTtl: 0.2, sweepInterval: 0.05 }))
    app.onUnload(({ session }) => void (unloaded.push(session.id) === 2 && bothUnloaded.open()))
    app.onClose(() => pageClosed.open())
    const { url } = await app.listen({ port: 0 })
    const page = await connect(url, graph({ listeners: [on('go.click', 'cart_size', 'cart', 'size')], serverStates: ['cart'], controls: ['size'] }))
    const full = await call(url, 'cart_size', { inputs: [] })
    assert.equal(full.status, 503)
    assert.match(full.body.error!, /the server is full \(1 sessions\)/)
    await page.close()
    await within(pageClosed.promise, 'the page session to close')
    // The page's session is closed now: the API's takes its place (evicting it), and expires in its turn.
    const { session } = (await call(url, 'add_items', { inputs: [['Milk']] })).body
    assert.ok(session)
    assert.deepEqual(unloaded, [page.session], 'the closed page session was evicted')
    await within(bothUnloaded.promise, 'the API session to expire')
    assert.equal(unloaded[1], session!.split('.')[0])
    assert.equal((await call(url, 'cart_size', { inputs: [], session })).status, 404)
  })

  it('serves a function declared after the first calls, in the session they began too', async () => {
    ;({ app } = cartApp())
    const { url } = await app.listen({ port: 0 })
    const { session } = (await call(url, 'add_items', { inputs: [['Milk']] })).body
    assert.equal((await call(url, 'first_item', { inputs: [], session })).status, 404)
    app.fn('first_item', (cart: string[]) => cart[0] ?? null, { inputs: ['cart'], outputs: ['item'] })
    const listed = (await (await fetch(new URL('g/api', url))).json()) as { functions: Array<{ name: string }> }
    assert.ok(listed.functions.some((f) => f.name === 'first_item'), 'it is listed')
    assert.deepEqual((await call(url, 'first_item', { inputs: [], session })).body, { outputs: ['Milk'], session })
    assert.deepEqual((await call(url, 'first_item', { inputs: [] })).body.outputs, [null], 'a new session has it too')
  })

  it('serves the API under a base path', async () => {
    const { H3 } = await import('h3')
    const { listen } = await import('g-kit/server')
    ;({ app } = cartApp())
    const site = new H3()
    site.mount('/shop', app.handler)
    const server = await listen(site, { port: 0 })
    try {
      const answer = await call(new URL('shop/', server.url).href, 'add_items', { inputs: [['Milk']] })
      assert.equal(answer.status, 200)
      assert.ok(answer.body.session)
    } finally {
      await server.close()
    }
  })
})
