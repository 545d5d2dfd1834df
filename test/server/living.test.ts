// The living app on the wire: `add` and `remove` change a session's app while it runs, from raw sockets.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, type App } from 'g-kit/server'
import { coreOf } from '../../server/app.js'
import { PROTOCOL_VERSION, type AddedMessage, type AppGraph, type ErrorMessage, type ListenerSpec } from '../../server/protocol.js'
import { closeAll, connect, gate, graph, on, open, type Client } from './_ws.js'

let app: App
let url: string
let runs = 0
let slowStarted = gate()
let slowRelease = gate()

before(async () => {
  app = createApp({ log: { warn() {}, error() {} } })
  app.fn('identity', (x: unknown) => x)
  app.fn('count_run', () => ++runs)
  app.fn('increment', (n: number) => n + 1)
  app.fn('slow', async () => {
    slowStarted.open()
    await slowRelease.promise
    return 'slow done'
  })
  app.global('visitors', 7)
  ;({ url } = await app.listen({ port: 0 }))
})

after(() => app.close())
afterEach(() => closeAll())

/** A fragment of an app, as an `add` carries it: listeners keep the ids given. */
function fragment(parts: Partial<AppGraph> & { listeners?: ListenerSpec[] }): AppGraph {
  return { states: [], controls: [], listeners: [], ...parts }
}

function listener(id: number, triggers: string, fn: string, inputs = '', outputs = '', name?: string): ListenerSpec {
  const words = (s: string) => s.split(/\s+/).filter(Boolean)
  return { id, triggers: words(triggers), fn, inputs: words(inputs), outputs: words(outputs), ...(name && { name }) }
}

async function added(client: Client): Promise<AddedMessage> {
  const [m] = (await client.until((m) => m.t === 'added' || m.t === 'error', 'the answer to add')).slice(-1)
  assert.equal(m!.t, 'added', `expected 'added', got ${JSON.stringify(m)}`)
  return m as AddedMessage
}

describe('add', () => {
  it('runs a listener added after the hello, and answers with no problems', async () => {
    const client = await connect(url, graph({ controls: ['out'] }))
    client.send({ t: 'add', graph: fragment({ controls: ['go'], listeners: [listener(5, 'go.click', 'identity', 'go', 'out')] }) })
    assert.deepEqual((await added(client)).problems, [])
    const { updates, ends, done } = await client.event('go.click', { go: 'hi', out: null })
    assert.ok(done)
    assert.deepEqual(ends.map((m) => [m.l, m.ok]), [[5, true]])
    assert.deepEqual(updates[0]!.values, { out: 'hi' })
  })

  it("names a late element's mistakes in its answer: an unknown function, a name not in the app, a duplicate name", async () => {
    const client = await connect(url, graph({ controls: ['out'] }))
    client.send({
      t: 'add',
      graph: fragment({
        controls: ['go', 'out'],
        listeners: [listener(1, 'go.click', 'no_such_fn', '', 'out'), listener(2, 'go.click', 'identity', 'ghost', 'out')],
      }),
    })
    const { problems } = await added(client)
    assert.ok(problems.some((p) => p.includes("unknown function 'no_such_fn'")), problems.join('\n'))
    assert.ok(problems.some((p) => p.includes("'ghost' is not in the app")), problems.join('\n'))
    assert.ok(problems.some((p) => p.includes("two elements are named 'out'")), problems.join('\n'))
    const { ends } = await client.event('go.click', { go: null, out: null })
    assert.match(ends.find((m) => m.l === 1)!.error!, /unknown function 'no_such_fn'/)
  })

  it('starts a state added later from its default, also after one of that name left', async () => {
    const client = await connect(url, graph({ states: { n: 10 }, controls: ['shown'], listeners: [on('bump.click', 'increment', 'n', 'n'), on('n.change', 'identity', 'n', 'shown')] }))
    const first = await client.event('bump.click')
    assert.deepEqual(first.updates.flatMap((u) => Object.values(u.values ?? {})), [11])
    client.send({ t: 'remove', listeners: [], names: ['n'] })
    client.send({ t: 'add', graph: fragment({ states: [{ name: 'n', value: 100 }] }) })
    await added(client)
    const again = await client.event('bump.click')
    assert.deepEqual(again.updates.flatMap((u) => Object.values(u.values ?? {})), [101])
  })

  it('lets a page show a global from a late element: it hears its value at once', async () => {
    const client = await connect(url, graph({}))
    client.send({ t: 'add', graph: fragment({ globals: ['visitors'] }) })
    const seen = await client.until((m) => m.t === 'changed', 'the changed of the global')
    assert.ok(seen.some((m) => m.t === 'changed' && m.names.includes('visitors')))
  })

  it('refuses an add that would grow the app past the limits, and the session goes on', async () => {
    const client = await connect(url, graph({ controls: ['out'], listeners: [on('go.click', 'identity', 'go', 'out')] }))
    const batch = (from: number) => fragment({ listeners: Array.from({ length: 400 }, (_, i) => listener(from + i, 'go.click', 'identity', 'go', 'out')) })
    let refusal: ErrorMessage | undefined
    for (let round = 0; round < 4 && !refusal; round++) {
      client.send({ t: 'add', graph: batch(1000 + round * 400) })
      const answer = (await client.until((m) => m.t === 'added' || m.t === 'error', 'the answer to add')).at(-1)!
      if (answer.t === 'error') refusal = answer
    }
    assert.match(refusal?.message ?? 'never refused', /more than the limit of 1000/)
    const session = [...coreOf(app).sessions.values()].find((s) => s.id === client.session)!
    assert.ok(session.graph.spec.listeners.length <= 1000, `${session.graph.spec.listeners.length} listeners`)
    const { done, ends } = await client.event('go.click', { go: 1, out: null })
    assert.ok(done)
    assert.equal(ends.length, session.graph.spec.listeners.length)
  })
})

describe('changes waiting their turn', () => {
  it('refuses changes past a bound in bytes while an event runs, and the session goes on', async () => {
    slowStarted = gate()
    slowRelease = gate()
    const client = await connect(url, graph({ controls: ['out'], listeners: [on('go.click', 'slow', '', 'out')] }))
    const id = client.nextId()
    client.send({ t: 'event', id, trigger: 'go.click', values: {} })
    await slowStarted.promise
    const big = 'x'.repeat(300_000)
    for (let i = 0; i < 10; i++) client.send({ t: 'add', graph: fragment({ states: [{ name: `big${i}`, value: big }] }) })
    const refused = await client.until((m) => m.t === 'error', 'a refusal')
    assert.match((refused.at(-1) as ErrorMessage).message, /faster than the server can follow/)
    slowRelease.open()
    await client.until((m) => m.t === 'done' && m.e === id, 'the done of the slow event')
    const session = coreOf(app).sessions.get(client.session!)!
    // Six changes waited (1.8 MB); of those, three fit in an app (1 MB at most): the others are refused as they come.
    // Changes sent one after another are taken together: each that fits is answered, each that does not is refused.
    let added = 0
    let refusedSize = 0
    await client.until((m) => {
      if (m.t === 'added') added++
      if (m.t === 'error' && /would take/.test(m.message)) refusedSize++
      return added === 3 && refusedSize === 3
    }, 'the changes, taken or refused')
    assert.deepEqual(session.graph.spec.states.map((s) => s.name), ['big0', 'big1', 'big2'])
    assert.ok((await client.event('go.click')).done)
  })
  it('refuses changes past a bound in count while an event runs, however small their frames, and the session goes on', async () => {
    slowStarted = gate()
    slowRelease = gate()
    const client = await connect(url, graph({ controls: ['out', 'keep'], listeners: [on('go.click', 'slow', '', 'out')] }))
    const id = client.nextId()
    client.send({ t: 'event', id, trigger: 'go.click', values: {} })
    await slowStarted.promise
    // Each change, however small, costs work in proportion to the whole app: 100 of them do not all wait.
    for (let i = 0; i < 100; i++) client.send({ t: 'remove', listeners: [], names: [`gone${i}`] })
    const refused = await client.until((m) => m.t === 'error', 'a refusal')
    assert.match((refused.at(-1) as ErrorMessage).message, /faster than the server can follow \(64 changes wait, the limit\)/)
    slowRelease.open()
    await client.until((m) => m.t === 'done' && m.e === id, 'the done of the slow event')
    assert.deepEqual(coreOf(app).sessions.get(client.session!)!.graph.spec.controls, ['out', 'keep', 'go'])
    assert.ok((await client.event('go.click')).done)
  })
})

describe('remove', () => {
  it('stops the listeners of an element that left: its function never runs again', async () => {
    const client = await connect(url, graph({ controls: ['n'], listeners: [on('a.click', 'count_run', '', 'n'), on('b.click', 'identity', 'n', 'n')] }))
    await client.event('a.click')
    const before = runs
    client.send({ t: 'remove', listeners: [0], names: ['a'] })
    const { errors } = await client.event('a.click')
    assert.match(errors[0]?.message ?? '', /nothing in the app listens to 'a.click'/)
    assert.ok((await client.event('b.click', { n: 1 })).done)
    assert.equal(runs, before)
  })

  it('lets an event in flight end with the app it started with', async () => {
    slowStarted = gate()
    slowRelease = gate()
    const client = await connect(url, graph({ controls: ['out'], listeners: [on('go.click', 'slow', '', 'out')] }))
    const id = client.nextId()
    client.send({ t: 'event', id, trigger: 'go.click', values: {} })
    await slowStarted.promise
    client.send({ t: 'remove', listeners: [0], names: ['go', 'out'] })
    slowRelease.open()
    const seen = await client.until((m) => m.t === 'done' && m.e === id, 'the done of the event in flight')
    assert.deepEqual(seen.filter((m) => m.t === 'end').map((m) => m.t === 'end' && [m.l, m.ok]), [[0, true]])
    const { errors } = await client.event('go.click')
    assert.match(errors[0]?.message ?? '', /nothing in the app listens/)
  })

  it('shares one compiled app between sessions whose pages changed the same way', async () => {
    const change = (client: Client) => {
      client.send({ t: 'add', graph: fragment({ controls: ['x'], listeners: [listener(9, 'x.click', 'identity', 'x', 'x')] }) })
      client.send({ t: 'remove', listeners: [0], names: [] })
    }
    const base = graph({ controls: ['out'], listeners: [on('go.click', 'identity', 'go', 'out')] })
    const [a, b] = await Promise.all([connect(url, base), connect(url, base)])
    change(a)
    change(b)
    await Promise.all([added(a), added(b)])
    await Promise.all([a.event('x.click', { x: 1 }), b.event('x.click', { x: 1 })])
    const sessions = coreOf(app).sessions
    const graphs = [a, b].map((c) => sessions.get(c.session!)!.graph)
    assert.equal(graphs[0], graphs[1])
    assert.deepEqual(graphs[0]!.spec.listeners.map((l) => l.id), [9])
  })

  it('keeps the graph pages declare at hello compiled while a page changes its app many times, each change a new app', async () => {
    const declared = graph({ controls: ['out'], listeners: [on('go.click', 'identity', 'go', 'out')] })
    const first = await connect(url, declared)
    const flooding = await connect(url, graph({ controls: ['out'] }))
    // More distinct apps than the app keeps compiled (64): each `add` waits for its answer, so none compile together.
    for (let i = 0; i < 80; i++) {
      flooding.send({ t: 'add', graph: fragment({ controls: [`x${i}`], listeners: [listener(100 + i, `x${i}.click`, 'identity', `x${i}`, 'out')] }) })
      await added(flooding)
    }
    const later = await connect(url, declared)
    const sessions = coreOf(app).sessions
    assert.equal(sessions.get(later.session!)!.graph, sessions.get(first.session!)!.graph, 'the later page shares the graph the first one compiled')
    const { updates, done } = await flooding.event('x79.click', { x79: 'still served', out: null })
    assert.ok(done)
    assert.deepEqual(updates[0]!.values, { out: 'still served' })
  })
})

describe('resume', () => {
  it('takes the whole app a resumed page declares, elements that came while it was away included', async () => {
    const page = await connect(url, graph({ controls: ['out'], listeners: [on('go.click', 'identity', 'go', 'out')] }))
    const token = page.welcome!.resume
    await page.close()
    const client = await open(url)
    client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: graph({ controls: ['out', 'late'], listeners: [on('late.click', 'identity', 'late', 'out')] }), resume: token })
    const welcome = await client.next('the welcome')
    assert.ok(welcome.t === 'welcome' && welcome.resumed, JSON.stringify(welcome))
    const { updates, done } = await client.event('late.click', { late: 'back', out: null })
    assert.ok(done)
    assert.deepEqual(updates[0]!.values, { out: 'back' })
  })
})

describe('decoding', () => {
  it('refuses malformed add and remove frames with an error naming the field', async () => {
    const client = await connect(url, graph({}))
    client.send({ t: 'add', graph: { states: 'x', listeners: [] } })
    assert.match(((await client.next()) as ErrorMessage).message, /'graph' needs lists/)
    client.send({ t: 'remove', listeners: ['a'], names: [] })
    assert.match(((await client.next()) as ErrorMessage).message, /'listeners\[0\]' must be an integer/)
    client.send({ t: 'remove', listeners: Array.from({ length: 1001 }, (_, i) => i), names: [] })
    assert.match(((await client.next()) as ErrorMessage).message, /more than the limit of 1000/)
  })
})
