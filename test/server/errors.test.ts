// Mistakes and bad input: each gets a clear error, and the socket, its session, other sessions and
// the server go on.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, type App } from 'g-kit/server'
import { PROTOCOL_VERSION } from '../../server/protocol.js'
import type { AppGraph, ErrorMessage, ServerMessage } from '../../server/protocol.js'
import { captureLog, closeAll, connect, graph, on, open, type Client } from './_ws.js'

const logged = captureLog()
let app: App
let url: string
/** A session opened before every test and used after each: the server must keep serving it. */
let other: Client

before(async () => {
  app = createApp({ log: logged.log })
  app.fn('echo', (x: unknown) => x)
  app.fn('inc', (n: number) => (n ?? 0) + 1)
  app.fn('three', () => [1, 2, 3])
  app.fn('five', () => 5)
  app.fn('keyed_bad', () => ({ a: 1, zz: 2 }))
  app.state('secret', { value: 'hidden', private: true })
  ;({ url } = await app.listen({ port: 0 }))
})

after(() => app.close())

afterEach(async () => {
  await stillWorks(other, 'another session')
  await closeAll(other)
})

/** The listener every graph here has, so that each test can check that the page still works. */
const okListener = on('ok.click', 'echo', 'in', 'out')

function pageGraph(...listeners: ReturnType<typeof on>[]): AppGraph {
  return graph({ controls: ['in', 'out'], listeners: [okListener, ...listeners] })
}

let probes = 0

/** Runs the page's ok listener and checks its result: the socket and its session still work. */
async function stillWorks(page: Client, who = 'the page'): Promise<void> {
  const value = `probe ${++probes}`
  const result = await page.event('ok.click', { in: value })
  assert.deepEqual(result.errors, [], `${who} got an error`)
  assert.deepEqual(
    result.updates.map((u) => u.values),
    [{ out: value }],
    `${who} no longer works`,
  )
  assert.ok(result.done, `${who} got no done`)
}

/** A page's first error message that names no event. */
async function nextError(page: Client, what: string): Promise<ErrorMessage> {
  const m = await page.next(what)
  assert.equal(m.t, 'error', `expected an error for ${what}, got ${JSON.stringify(m)}`)
  return m as ErrorMessage
}

function hello(g: AppGraph = pageGraph(), v = PROTOCOL_VERSION) {
  return { t: 'hello', v, graph: g }
}

describe('mistakes in the page', () => {
  before(async () => {
    other = await connect(url, pageGraph())
  })
  after(() => other.close())

  it('names an unknown function in the welcome, and in the error of an event that runs it, with the known functions', async () => {
    const page = await connect(url, pageGraph(on('bad.click', 'nope', 'in', 'out')))
    assert.equal(page.welcome!.problems.length, 1)
    assert.match(page.welcome!.problems[0]!, /unknown function 'nope'/)
    const result = await page.event('bad.click', { in: 1 })
    assert.equal(result.ends.length, 1)
    const end = result.ends[0]!
    assert.equal(end.ok, false)
    assert.match(end.error!, /unknown function 'nope'/)
    for (const known of ['echo', 'inc', 'three']) assert.ok(end.error!.includes(`'${known}'`), `the error does not list '${known}': ${end.error}`)
    assert.deepEqual(result.updates, [])
    await stillWorks(page)
  })

  it('names an input or an output that is not in the app', async () => {
    const page = await connect(url, pageGraph(on('in.click', 'echo', 'ghost_in', 'out'), on('out.click', 'echo', 'in', 'ghost_out')))
    assert.equal(page.welcome!.problems.length, 2)
    assert.match(page.welcome!.problems[0]!, /'ghost_in' is not in the app \(an input of 'echo'\)/)
    assert.match(page.welcome!.problems[1]!, /'ghost_out' is not in the app \(an output of 'echo'\)/)
    const input = await page.event('in.click')
    assert.deepEqual(input.ends.map((e) => [e.ok, e.error]), [[false, page.welcome!.problems[0]]])
    const output = await page.event('out.click', { in: 1 })
    assert.deepEqual(output.ends.map((e) => [e.ok, e.error]), [[false, page.welcome!.problems[1]]])
    assert.deepEqual(output.updates, [])
    await stillWorks(page)
  })

  it('refuses a private state that the page names as a state, an input or an output', async () => {
    const page = await connect(
      url,
      graph({
        states: { secret: 'page value' },
        controls: ['in', 'out'],
        listeners: [okListener, on('read.click', 'echo', 'secret', 'out'), on('write.click', 'echo', 'in', 'secret')],
      }),
    )
    assert.ok(page.welcome!.problems.length >= 1)
    for (const p of page.welcome!.problems) assert.match(p, /'secret' is a private state/)
    for (const trigger of ['read.click', 'write.click']) {
      const result = await page.event(trigger, { in: 'x' })
      assert.equal(result.ends[0]?.ok, false)
      assert.match(result.ends[0]!.error!, /'secret' is a private state/)
      assert.deepEqual(result.updates, [])
    }
    for (const frame of page.frames) assert.ok(!frame.includes('hidden'), frame)
    await stillWorks(page)
  })

  it('ends with an error naming the count when a function returns the wrong number of outputs', async () => {
    const page = await connect(url, graph({ controls: ['in', 'out', 'a', 'b'], listeners: [okListener, on('go.click', 'three', '', 'a b'), on('five.click', 'five', '', 'a b')] }))
    assert.deepEqual(page.welcome!.problems, [])
    const result = await page.event('go.click')
    assert.deepEqual(result.ends.map((e) => e.ok), [false])
    assert.match(result.ends[0]!.error!, /'three' returned 3 values for 2 outputs \(a, b\)/)
    assert.deepEqual(result.updates, [])
    const scalar = await page.event('five.click')
    assert.equal(scalar.ends[0]?.ok, false)
    assert.match(scalar.ends[0]!.error!, /'five' returned a number for 2 outputs/)
    await stillWorks(page)
  })

  it('ends with an error naming the key when a function returns an object with a key that is not an output', async () => {
    const page = await connect(url, graph({ controls: ['in', 'out', 'a', 'b'], listeners: [okListener, on('go.click', 'keyed_bad', '', 'a b')] }))
    const result = await page.event('go.click')
    assert.equal(result.ends[0]?.ok, false)
    assert.match(result.ends[0]!.error!, /'zz'/)
    assert.deepEqual(result.updates, [], 'a known key was written although the result as a whole was refused')
    await stillWorks(page)
  })

  it('answers an event whose trigger nobody listens to with an error naming the trigger', async () => {
    const page = await connect(url, pageGraph())
    const result = await page.event('ghost.click')
    assert.deepEqual(result.errors, [{ t: 'error', e: result.id, message: "nothing in the app listens to 'ghost.click'" }])
    assert.deepEqual(result.ends, [])
    await stillWorks(page)
  })

  it('ends a loop of change listeners: each listener runs at most once in one event', async () => {
    const page = await connect(
      url,
      graph({
        states: { a: 0, b: 0 },
        controls: ['in', 'out'],
        listeners: [okListener, on('go.click', 'inc', 'a', 'a'), on('a.change', 'inc', 'a', 'b'), on('b.change', 'inc', 'b', 'a')],
      }),
    )
    assert.deepEqual(page.welcome!.problems, [])
    const result = await page.event('go.click')
    assert.ok(result.done)
    const runs = result.ends.map((e) => e.l)
    assert.deepEqual([...new Set(runs)].sort(), [1, 2, 3], `listeners ran ${JSON.stringify(runs)}`)
    assert.equal(runs.length, 3, `a listener ran more than once: ${JSON.stringify(runs)}`)
    assert.ok(result.ends.every((e) => e.ok))
    const again = await page.event('go.click')
    assert.equal(again.ends.length, 3)
    await stillWorks(page)
  })
})

describe('bad frames', () => {
  before(async () => {
    other = await connect(url, pageGraph())
  })
  after(() => other.close())

  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['a frame that is not JSON', '{"t": "event", ', /not valid JSON/],
    ['a frame that is a JSON array, not an object', '[{"t":"event","id":1}]', /not a JSON object/],
    ['a frame that is a JSON string', '"hello"', /not a JSON object/],
    ['a frame that is JSON null', 'null', /not a JSON object/],
    ['a message of an unknown type', '{"t":"launch"}', /unknown message type "launch"/],
    ['a message without a type', '{"id":3}', /unknown message type/],
    ['a binary frame', Buffer.from(JSON.stringify({ t: 'event', id: 1, trigger: 'ok.click', values: {} })), /binary frames are not accepted/],
    ['a cancel without a list', '{"t":"cancel","listeners":"X"}', /'listeners' must be a list of names/],
  ]
  for (const [what, frame, message] of cases) {
    it(`answers ${what} with an error, and the page goes on`, async () => {
      const page = await connect(url, pageGraph())
      page.send(frame)
      const error = await nextError(page, what)
      assert.match(error.message, message)
      assert.equal(error.e, undefined)
      await stillWorks(page)
    })
  }

  it('answers an event with a bad field with an error that names the event and the field', async () => {
    const page = await connect(url, pageGraph())
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ trigger: 'ok.click', values: 5 }, /'values' must be an object/],
      [{ trigger: '', values: {} }, /'trigger' must be a non-empty string/],
      [{ values: {} }, /'trigger'/],
      [{ trigger: 'ok.click', values: {}, ack: 'all' }, /'ack' must be an integer/],
    ]
    for (const [fields, message] of bad) {
      const id = page.nextId()
      page.send({ t: 'event', id, ...fields })
      const error = await nextError(page, `the error of event ${id}`)
      assert.equal(error.e, id)
      assert.match(error.message, message)
    }
    await stillWorks(page)
  })

  it('answers an event before hello with an error naming the event, and then accepts hello', async () => {
    const page = await open(url)
    page.send({ t: 'event', id: 7, trigger: 'ok.click', values: {} })
    const error = await nextError(page, 'the error of the early event')
    assert.equal(error.e, 7)
    assert.match(error.message, /'hello' must come before 'event'/)
    page.send({ t: 'cancel', listeners: ['X'] })
    assert.match((await nextError(page, 'the error of the early cancel')).message, /'hello' must come before 'cancel'/)
    page.send(hello())
    const welcome = await page.next('the welcome')
    assert.equal(welcome.t, 'welcome')
    await stillWorks(page)
  })

  it('refuses a second hello on the same socket and keeps the first session', async () => {
    const page = await connect(url, pageGraph())
    page.send(hello(pageGraph(on('other.click', 'echo', 'in', 'out'))))
    assert.match((await nextError(page, 'the error of the second hello')).message, /'hello' was already sent/)
    const result = await page.event('other.click', { in: 1 })
    assert.equal(result.errors[0]?.message, "nothing in the app listens to 'other.click'", 'the second hello replaced the graph')
    await stillWorks(page)
  })

  it('refuses a hello of another protocol version, naming both, and then accepts the right one', async () => {
    const page = await open(url)
    page.send(hello(pageGraph(), PROTOCOL_VERSION + 1))
    const error = await nextError(page, 'the error of the wrong version')
    assert.ok(error.message.includes(`protocol ${PROTOCOL_VERSION}`), error.message)
    assert.ok(error.message.includes(String(PROTOCOL_VERSION + 1)), error.message)
    page.send(hello())
    assert.equal((await page.next('the welcome')).t, 'welcome')
    await stillWorks(page)
  })

  it('refuses a graph with names that are not strings, naming the field, and then accepts a good one', async () => {
    const page = await open(url)
    const bad: Array<[unknown, RegExp]> = [
      [{ states: [{ name: 42 }], controls: [], listeners: [] }, /graph\.states\[0\]\.name/],
      [{ states: [], controls: [null], listeners: [] }, /graph\.controls\[0\]/],
      [{ states: [], controls: [], listeners: [{ id: 0, triggers: ['ok.click'], fn: 'echo', inputs: [{}], outputs: [] }] }, /graph\.listeners\[0\]\.inputs\[0\]/],
      [{ states: [], controls: [], listeners: [{ id: 0, triggers: [7], fn: 'echo' }] }, /graph\.listeners\[0\]\.triggers\[0\]/],
      [{ states: [], controls: [], listeners: [{ id: 0, triggers: [], fn: ['echo'] }] }, /graph\.listeners\[0\]\.fn/],
      [{ states: [], controls: [], listeners: [{ id: '0', triggers: [] }] }, /graph\.listeners\[0\]\.id/],
      [{ states: {}, listeners: [] }, /'graph' needs lists/],
      ['graph', /'graph' must be an object/],
    ]
    for (const [g, message] of bad) {
      page.send({ t: 'hello', v: PROTOCOL_VERSION, graph: g })
      const error = await nextError(page, `the error of the graph ${JSON.stringify(g)}`)
      assert.match(error.message, message)
    }
    page.send(hello())
    assert.equal((await page.next('the welcome')).t, 'welcome')
    await stillWorks(page)
  })

  it('refuses a graph in which two listeners have the same id', async () => {
    const page = await open(url)
    const g = pageGraph(on('dup.click', 'echo', 'in', 'out'))
    g.listeners[1]!.id = 0
    page.send(hello(g))
    assert.match((await nextError(page, 'the error of the duplicate ids')).message, /two listeners have the id 0/)
    page.send(hello())
    assert.equal((await page.next('the welcome')).t, 'welcome')
    await stillWorks(page)
  })

  it('refuses a frame nested deeper than 64 levels with an error naming the event', async () => {
    const page = await connect(url, pageGraph())
    for (const depth of [63, 100_000]) {
      const id = page.nextId()
      const deep = '['.repeat(depth) + ']'.repeat(depth)
      page.send(`{"t":"event","id":${id},"trigger":"ok.click","values":{"in":${deep}}}`)
      const error = await nextError(page, `the error of a value nested ${depth} deep`)
      assert.equal(error.e, id)
      assert.match(error.message, /deeper than 64 levels/)
    }
    const id = page.nextId()
    const nested = '['.repeat(62) + ']'.repeat(62)
    page.send(`{"t":"event","id":${id},"trigger":"ok.click","values":{"in":${nested}}}`)
    const ok = await page.until((m) => (m.t === 'done' || m.t === 'error') && m.e === id, 'the done of an event nested 64 deep')
    assert.ok(ok.some((m) => m.t === 'update' && m.e === id), 'a value nested 64 levels (the frame included) was refused')
    await stillWorks(page)
  })

  it('keeps __proto__ and constructor keys as plain data: Object.prototype is untouched', async () => {
    const page = await connect(url, pageGraph())
    const id = page.nextId()
    const payload = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'
    page.send(`{"t":"event","id":${id},"trigger":"ok.click","values":{"in":${payload},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}},"data":${payload}}`)
    const messages = await page.until((m) => (m.t === 'done' || m.t === 'error') && m.e === id, `the done of event ${id}`)
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false)
    const update = messages.find((m): m is Extract<ServerMessage, { t: 'update' }> => m.t === 'update')
    assert.ok(update, 'the event sent no update')
    const echoed = JSON.stringify(update.values!.out)
    assert.equal(echoed, payload, 'the __proto__ and constructor keys did not come back as data')
    await stillWorks(page)
  })

  it('gives a control named __proto__ its value, or names it as a problem', async () => {
    const page = await connect(url, graph({ controls: ['in', 'out', '__proto__'], listeners: [okListener, on('proto.click', 'echo', 'in', '__proto__')] }))
    if (page.welcome!.problems.some((p) => p.includes('__proto__'))) return
    const result = await page.event('proto.click', { in: { x: 1 } })
    assert.equal(result.ends[0]?.ok, true)
    const frame = page.frames.find((f) => f.includes('"update"') && f.includes(`"e":${result.id}`))
    assert.ok(frame?.includes('"__proto__":{"x":1}'), `the value written to '__proto__' was lost: ${frame}`)
    assert.equal(({} as Record<string, unknown>).x, undefined)
    await stillWorks(page)
  })
})

describe('frame size', () => {
  let small: App
  let smallUrl: string

  before(async () => {
    small = createApp({ maxFrame: 1000, log: logged.log })
    small.fn('echo', (x: unknown) => x)
    ;({ url: smallUrl } = await small.listen({ port: 0 }))
    other = await connect(smallUrl, pageGraph())
  })

  after(async () => {
    await other.close()
    await small.close()
  })

  it('refuses a frame larger than maxFrame with an error naming the limit, and the page goes on', async () => {
    const page = await connect(smallUrl, pageGraph())
    page.send({ t: 'event', id: page.nextId(), trigger: 'ok.click', values: { in: 'x'.repeat(2000) } })
    const error = await nextError(page, 'the error of the oversized frame')
    assert.match(error.message, /exceeds the limit of 1000/)
    await stillWorks(page)
  })

  it('accepts a frame just under maxFrame', async () => {
    const page = await connect(smallUrl, pageGraph())
    const id = page.nextId()
    const frame = (n: number) => JSON.stringify({ t: 'event', id, trigger: 'ok.click', values: { in: 'x'.repeat(n) } })
    const fill = 1000 - frame(0).length
    page.send(frame(fill))
    const messages = await page.until((m) => (m.t === 'done' || m.t === 'error') && m.e === id, 'the done of the largest frame')
    assert.ok(messages.some((m) => m.t === 'done'), JSON.stringify(messages))
  })

  it('measures maxFrame in bytes, as the option says, so multi-byte text counts in full', async () => {
    const page = await connect(smallUrl, pageGraph())
    page.send({ t: 'event', id: page.nextId(), trigger: 'ok.click', values: { in: '€'.repeat(900) } })
    const m = await page.next('the reply to a frame of 900 characters and 2700 bytes')
    assert.equal(m.t, 'error', `a frame of ${Buffer.byteLength('€'.repeat(900))} bytes passed a limit of 1000 bytes`)
    await stillWorks(page)
  })
})
