// Events: what a page's listeners do on the server, seen through a real socket.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, GError, update, type App, type FnContext } from 'g-kit/server'
import { captureLog, closeAll, connect, eventResult, gate, graph, on, within } from './_ws.js'

const SENTINEL = 'SENTINEL-5f0c1d-never-sent'
const PRIVATE_SENTINEL = 'PRIVATE-9a7e44-never-sent'
const CRASH_DETAIL = 'secret database detail 31337'

const logged = captureLog()
const serverDefault: string[] = []
let factoryCalls = 0
let runs = 0
let slowStarted = gate()
let slowRelease = gate()
let app: App
let url: string

before(async () => {
  app = createApp({ log: logged.log })
  app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items])
  app.fn('cart_size', (cart: string[]) => cart.length)
  app.fn('push_in_place', (items: string[], cart: string[]) => {
    cart.push(...items)
    return cart
  })
  app.fn('same_copy', (cart: string[]) => [...cart])
  app.fn('identity', (x: unknown) => x)
  app.fn('mark', () => 'ran')
  app.fn('count_run', () => ++runs)
  app.fn('bump3', (a: number, b: number, c: number) => [a + 1, b + 1, c + 1])
  app.fn('sum', (...args: unknown[]) => (args.slice(0, -1) as number[]).reduce((s, n) => s + n, 0))
  app.fn('stash', () => ({ secret: SENTINEL }))
  app.fn('stash_via_ctx', (ctx: FnContext) => ctx.session.set('vault', [SENTINEL, SENTINEL]))
  app.fn('vault_size', (vault: unknown) => JSON.stringify(vault).length)
  app.fn('fail_after_writes', (cart: string[], ctx: FnContext) => {
    cart.push('lost')
    ctx.session.set('visits', 99)
    throw new GError('The cart is full')
  })
  app.fn('crash', () => {
    throw new Error(CRASH_DETAIL)
  })
  app.fn('count_to', function* (n: number) {
    for (let i = 1; i <= n; i++) yield i
  })
  app.fn('count_to_async', async function* (n: number) {
    for (let i = 1; i <= n; i++) {
      await Promise.resolve()
      yield i
    }
  })
  app.fn('grow_in_place', function* (cart: string[]) {
    cart.push('one')
    yield cart
    cart.push('two')
    yield cart
  })
  app.fn('grow_then_fail', function* (cart: string[]) {
    cart.push('kept')
    yield cart
    cart.push('lost')
    throw new GError('stopped halfway')
  })
  app.fn('hide', () => update({ visible: false }))
  app.fn('relabel', () => update({ value: 'v', label: 'New label', interactive: false }))
  app.fn('keyed', () => ({ b: 'B' }))
  app.fn('positional', () => [undefined, 'Y'])
  app.fn('nothing', () => undefined)
  app.fn('event_info', (ctx: FnContext) => ({ source: ctx.event.source ?? null, trigger: ctx.event.trigger, value: ctx.event.value ?? null }))
  app.fn('session_id', (ctx: FnContext) => ctx.session.id)
  app.fn('visit', (ctx: FnContext) => ctx.session.set('visits', ctx.session.get<number>('visits') + 1))
  app.fn('visit_then_fail', (ctx: FnContext) => {
    ctx.session.set('visits', ctx.session.get<number>('visits') + 1)
    throw new GError('no visit')
  })
  app.fn('read_visits', (ctx: FnContext) => ctx.session.get<number>('visits'))
  app.fn('use_token', (ctx: FnContext) => ++ctx.session.get<{ hits: number }>('token').hits)
  app.fn('replace_token', (ctx: FnContext) => ctx.session.set('token', { secret: PRIVATE_SENTINEL, hits: 100 }))
  app.fn('conn_n', (conn: { n: number }) => conn.n)
  app.fn('peek_conn', (ctx: FnContext) => ctx.session.get<{ n: number }>('conn').n)
  app.fn('slow', async () => {
    slowStarted.open()
    await slowRelease.promise
    return 'slow'
  })
  app.fn('stream_until_cancelled', async function* (ctx: FnContext) {
    yield 1
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
    yield 2
  })
  app.state('x', { value: serverDefault })
  app.state('visits', { value: 0 })
  app.state('vault', { value: { page: SENTINEL } })
  app.state('conn', {
    value: () => ({ n: ++factoryCalls }),
  })
  app.state('token', { value: () => ({ secret: PRIVATE_SENTINEL, hits: 0 }), private: true })
  ;({ url } = await app.listen({ port: 0 }))
})

after(() => app.close())
afterEach(() => closeAll())

/** The value a listener sent to `name` in an event's updates, or undefined. */
function valueOf(updates: { values?: Record<string, unknown> }[], name: string): unknown {
  const found = updates.filter((u) => u.values && name in u.values)
  return found.at(-1)?.values?.[name]
}

const cartGraph = graph({
  states: { cart: [] },
  controls: ['items', 'size', 'shown'],
  listeners: [
    on('add.click', 'add_items', 'items cart', 'cart', { name: 'adding' }),
    on('cart.change', 'cart_size', 'cart', 'size'),
    on('show.click', 'identity', 'cart', 'shown'),
  ],
})

describe('events', () => {
  it('adds items to the cart and sends the size that follows from cart.change', async () => {
    const page = await connect(url, cartGraph)
    assert.deepEqual(page.welcome?.problems, [])
    const first = await page.event('add.click', { items: ['Milk'] })
    assert.deepEqual(first.updates.find((u) => u.l === 0)?.changed, ['cart'])
    assert.equal(valueOf(first.updates, 'size'), 1)
    assert.deepEqual(first.ends.map((e) => [e.l, e.ok]), [[0, true], [1, true]])
    const second = await page.event('add.click', { items: ['Water', 'Bread'] })
    assert.equal(valueOf(second.updates, 'size'), 3)
    assert.ok(second.done)
  })

  it('never sends a state value in any frame to the browser', async () => {
    const page = await connect(
      url,
      graph({
        states: { vault: null, page_state: { note: SENTINEL } },
        controls: ['size', 'size2', 'size3'],
        listeners: [
          on('stash.click', 'stash', '', 'vault'),
          on('vault.change', 'vault_size', 'vault', 'size'),
          on('ctx.click', 'stash_via_ctx', ''),
          on('page.click', 'vault_size', 'page_state', 'size2'),
        ],
      }),
    )
    const stashed = await page.event('stash.click')
    assert.equal(valueOf(stashed.updates, 'size'), JSON.stringify({ secret: SENTINEL }).length)
    const viaCtx = await page.event('ctx.click')
    assert.deepEqual(viaCtx.updates.find((u) => u.l === 2)?.changed, ['vault'])
    const paged = await page.event('page.click')
    assert.equal(valueOf(paged.updates, 'size2'), JSON.stringify({ note: SENTINEL }).length)
    assert.ok(page.frames.length >= 4)
    for (const frame of page.frames) assert.ok(!frame.includes(SENTINEL), `a frame carried a state value: ${frame}`)
  })

  it('deep-copies a page default for each session: one session mutating its cart leaves another unaffected', async () => {
    const g = graph({
      states: { cart: [] },
      controls: ['items', 'size'],
      listeners: [on('add.click', 'push_in_place', 'items cart', 'cart'), on('count.click', 'cart_size', 'cart', 'size')],
    })
    const a = await connect(url, g)
    const b = await connect(url, g)
    await a.event('add.click', { items: ['Milk'] })
    await a.event('add.click', { items: ['Eggs'] })
    assert.equal(valueOf((await a.event('count.click')).updates, 'size'), 2)
    assert.equal(valueOf((await b.event('count.click')).updates, 'size'), 0)
  })

  it('deep-copies a server-declared default for each session and never mutates the declared object', async () => {
    const g = graph({
      controls: ['items', 'size'],
      listeners: [on('add.click', 'push_in_place', 'items x', 'x'), on('count.click', 'cart_size', 'x', 'size')],
    })
    const a = await connect(url, g)
    const b = await connect(url, g)
    const added = await a.event('add.click', { items: ['Milk', 'Tea'] })
    assert.deepEqual(added.updates.map((u) => u.changed), [['x']])
    assert.equal(valueOf((await a.event('count.click')).updates, 'size'), 2)
    assert.equal(valueOf((await b.event('count.click')).updates, 'size'), 0)
    assert.deepEqual(serverDefault, [])
  })

  it('lets the server-declared default win over the page value', async () => {
    const page = await connect(url, graph({ states: { x: ['from', 'page'] }, controls: ['size'], listeners: [on('count.click', 'cart_size', 'x', 'size')] }))
    assert.equal(valueOf((await page.event('count.click')).updates, 'size'), 0)
  })

  it('calls a factory default once per session, however often the state is read as an input', async () => {
    const g = graph({ controls: ['n'], listeners: [on('read.click', 'conn_n', 'conn', 'n')] })
    const calls0 = factoryCalls
    const a = await connect(url, g)
    const b = await connect(url, g)
    const fromA = [await a.event('read.click'), await a.event('read.click'), await a.event('read.click')]
    const fromB = await b.event('read.click')
    assert.equal(factoryCalls - calls0, 2)
    assert.deepEqual(fromA.map((r) => valueOf(r.updates, 'n')), [calls0 + 1, calls0 + 1, calls0 + 1])
    assert.equal(valueOf(fromB.updates, 'n'), calls0 + 2)
  })

  it('calls a factory default once per session when the state is first read through ctx.session.get', async () => {
    const page = await connect(url, graph({ controls: ['n'], listeners: [on('peek.click', 'peek_conn', '', 'n')] }))
    const calls0 = factoryCalls
    const seen = [await page.event('peek.click'), await page.event('peek.click'), await page.event('peek.click')].map((r) => r.ends[0]?.ok)
    assert.deepEqual(seen, [true, true, true])
    assert.equal(factoryCalls - calls0, 1, 'the factory ran once per read instead of once per session')
  })

  it('applies the events of one session one at a time, in the order they were sent', async () => {
    const page = await connect(url, cartGraph)
    const ids: number[] = []
    for (let i = 0; i < 20; i++) {
      const id = page.nextId()
      ids.push(id)
      page.send({ t: 'event', id, trigger: 'add.click', values: { items: [`item${i}`] } })
    }
    const messages = await page.until((m) => m.t === 'done' && m.e === ids.at(-1), 'the done of the 20th event')
    const dones = messages.filter((m) => m.t === 'done').map((m) => m.e)
    assert.deepEqual(dones, ids)
    assert.equal(valueOf(eventResult(ids.at(-1)!, messages).updates, 'size'), 20)
    const shown = await page.event('show.click')
    assert.deepEqual(valueOf(shown.updates, 'shown'), Array.from({ length: 20 }, (_, i) => `item${i}`))
  })

  describe('a failing function', () => {
    const failing = graph({
      states: { cart: ['a'] },
      controls: ['status_f', 'status_s', 'status_t', 'shown', 'n'],
      listeners: [
        on('bad.click', 'fail_after_writes', 'cart', 'cart', { name: 'bad' }),
        on('bad.failure', 'mark', '', 'status_f'),
        on('bad.success', 'mark', '', 'status_s'),
        on('bad.then', 'mark', '', 'status_t'),
        on('show.click', 'identity', 'cart', 'shown'),
        on('visits.click', 'read_visits', '', 'n'),
      ],
    })

    it('writes nothing, ends with ok:false and its GError message, and runs .failure and .then but not .success', async () => {
      const page = await connect(url, failing)
      const result = await page.event('bad.click')
      assert.deepEqual(result.ends.find((e) => e.l === 0), { t: 'end', e: result.id, l: 0, ok: false, error: 'The cart is full' })
      assert.equal(result.updates.filter((u) => u.l === 0).length, 0, 'the failing listener sent an update')
      assert.deepEqual(result.ends.map((e) => e.l).sort(), [0, 1, 3])
      assert.equal(valueOf(result.updates, 'status_f'), 'ran')
      assert.equal(valueOf(result.updates, 'status_t'), 'ran')
      assert.equal(valueOf(result.updates, 'status_s'), undefined)
      assert.ok(result.updates.every((u) => u.changed === undefined))
      assert.deepEqual(valueOf((await page.event('show.click')).updates, 'shown'), ['a'])
      assert.equal(valueOf((await page.event('visits.click')).updates, 'n'), 0)
    })

    it('shows a generic message for an error that is not a GError and logs its details', async () => {
      const page = await connect(url, graph({ controls: ['out'], listeners: [on('crash.click', 'crash', '', 'out')] }))
      const loggedBefore = logged.calls.length
      const result = await page.event('crash.click')
      const end = result.ends[0]!
      assert.equal(end.ok, false)
      assert.match(end.error!, /crash/)
      assert.ok(!end.error!.includes(CRASH_DETAIL))
      for (const frame of page.frames) assert.ok(!frame.includes('31337'), `a frame carried the error's details: ${frame}`)
      const newLogs = logged.calls.slice(loggedBefore)
      assert.ok(newLogs.some((c) => c.level === 'error' && c.args.some((a) => a instanceof Error && a.message === CRASH_DETAIL)))
      assert.ok(newLogs.some((c) => c.args.some((a) => typeof a === 'string' && a.includes(page.session!))), 'the log names the session')
    })
  })

  describe('change', () => {
    const g = graph({
      states: { cart: ['a'] },
      controls: ['items', 'size'],
      listeners: [
        on('mut.click', 'push_in_place', 'items cart', 'cart'),
        on('same.click', 'same_copy', 'cart', 'cart'),
        on('cart.change', 'cart_size', 'cart', 'size'),
        on('twice.click', 'push_in_place', 'items cart', 'cart'),
        on('twice.click', 'push_in_place', 'items cart', 'cart'),
      ],
    })

    it('fires when a function mutates its input list in place and returns it', async () => {
      const page = await connect(url, g)
      const result = await page.event('mut.click', { items: ['b'] })
      assert.deepEqual(result.updates.find((u) => u.l === 0)?.changed, ['cart'])
      assert.equal(valueOf(result.updates, 'size'), 2)
    })

    it('does not fire when a function returns a new value equal to the old one', async () => {
      const page = await connect(url, g)
      const result = await page.event('same.click')
      assert.deepEqual(result.updates, [])
      assert.deepEqual(result.ends.map((e) => e.l), [1])
    })

    it('fires once for an event in which two listeners change the state', async () => {
      const page = await connect(url, g)
      const result = await page.event('twice.click', { items: ['b'] })
      assert.deepEqual(result.updates.filter((u) => u.changed).map((u) => u.l), [3, 4])
      assert.equal(result.ends.filter((e) => e.l === 2).length, 1)
      assert.equal(valueOf(result.updates, 'size'), 3)
    })

    it('runs a listener that watches three states once when one event changes all three', async () => {
      const page = await connect(
        url,
        graph({
          states: { a: 0, b: 0, c: 0 },
          controls: ['total', 'runs'],
          listeners: [
            on('bump.click', 'bump3', 'a b c', 'a b c'),
            on('a.change b.change c.change', 'sum', 'a b c', 'total'),
            on('a.change b.change c.change', 'count_run', '', 'runs'),
          ],
        }),
      )
      const result = await page.event('bump.click')
      assert.deepEqual(result.updates.find((u) => u.l === 0)?.changed?.sort(), ['a', 'b', 'c'])
      assert.equal(result.ends.filter((e) => e.l === 1).length, 1)
      assert.equal(result.ends.filter((e) => e.l === 2).length, 1)
      assert.equal(valueOf(result.updates, 'total'), 3)
    })

    it('runs a listener without triggers (sent as its inputs’ change triggers) when a control input or a state input changes', async () => {
      const page = await connect(
        url,
        graph({
          states: { cart: ['x'] },
          controls: ['qty', 'items', 'total'],
          listeners: [on('qty.change cart.change', 'sum', 'qty', 'total'), on('add.click', 'push_in_place', 'items cart', 'cart')],
        }),
      )
      const byControl = await page.event('qty.change', { qty: 4 })
      assert.equal(valueOf(byControl.updates, 'total'), 4)
      const byState = await page.event('add.click', { qty: 5, items: ['y'] })
      assert.deepEqual(byState.ends.map((e) => [e.l, e.ok]), [[1, true], [0, true]])
      assert.equal(valueOf(byState.updates, 'total'), 5)
    })
  })

  describe('generators', () => {
    const g = graph({
      states: { cart: [] },
      controls: ['n', 'out', 'size'],
      listeners: [
        on('sync.click', 'count_to', 'n', 'out'),
        on('async.click', 'count_to_async', 'n', 'out'),
        on('grow.click', 'grow_in_place', 'cart', 'cart'),
        on('cart.change', 'cart_size', 'cart', 'size'),
        on('grow_fail.click', 'grow_then_fail', 'cart', 'cart'),
        on('show.click', 'identity', 'cart', 'out'),
      ],
    })

    for (const [kind, trigger, l] of [['sync', 'sync.click', 0], ['async', 'async.click', 1]] as const) {
      it(`sends an update per yield of a ${kind} generator and ends ok`, async () => {
        const page = await connect(url, g)
        const result = await page.event(trigger, { n: 3 })
        assert.deepEqual(
          result.updates.map((u) => [u.l, u.values?.out]),
          [[l, 1], [l, 2], [l, 3]],
        )
        assert.deepEqual(result.ends, [{ t: 'end', e: result.id, l, ok: true }])
      })
    }

    it('reports a change for each yield of a generator that grows its input list in place', async () => {
      const page = await connect(url, g)
      const result = await page.event('grow.click')
      assert.deepEqual(result.updates.filter((u) => u.l === 2).map((u) => u.changed), [['cart'], ['cart']])
      assert.equal(valueOf(result.updates, 'size'), 2)
    })

    it('keeps what a generator yielded before it failed, and nothing it did after', async () => {
      const page = await connect(url, g)
      const result = await page.event('grow_fail.click')
      assert.deepEqual(result.ends.find((e) => e.l === 4), { t: 'end', e: result.id, l: 4, ok: false, error: 'stopped halfway' })
      assert.deepEqual(valueOf((await page.event('show.click')).updates, 'out'), ['kept'])
    })
  })

  describe('outputs', () => {
    const g = graph({
      controls: ['a', 'b'],
      listeners: [
        on('hide.click', 'hide', '', 'a'),
        on('relabel.click', 'relabel', '', 'a'),
        on('keyed.click', 'keyed', '', 'a b'),
        on('positional.click', 'positional', '', 'a b'),
        on('nothing.click', 'nothing', '', 'a'),
      ],
    })

    it('sends update() properties as props, without a value when none is given', async () => {
      const page = await connect(url, g)
      const hidden = await page.event('hide.click')
      assert.deepEqual(hidden.updates, [{ t: 'update', e: hidden.id, l: 0, props: { a: { visible: false } } }])
      const relabelled = await page.event('relabel.click')
      assert.deepEqual(relabelled.updates, [
        { t: 'update', e: relabelled.id, l: 1, values: { a: 'v' }, props: { a: { label: 'New label', interactive: false } } },
      ])
    })

    it('writes only the outputs an object keyed by output name names', async () => {
      const page = await connect(url, g)
      const result = await page.event('keyed.click', { a: 'old a', b: 'old b' })
      assert.deepEqual(result.updates, [{ t: 'update', e: result.id, l: 2, values: { b: 'B' } }])
    })

    it('leaves an output untouched where the function returns undefined', async () => {
      const page = await connect(url, g)
      const positional = await page.event('positional.click', { a: 'old a' })
      assert.deepEqual(positional.updates, [{ t: 'update', e: positional.id, l: 3, values: { b: 'Y' } }])
      const nothing = await page.event('nothing.click', { a: 'old a' })
      assert.deepEqual(nothing.updates, [])
      assert.deepEqual(nothing.ends, [{ t: 'end', e: nothing.id, l: 4, ok: true }])
    })
  })

  describe('ctx', () => {
    it('tells a function which element and trigger started it, and the value the page sent as data', async () => {
      const page = await connect(url, graph({ controls: ['info'], listeners: [on('row.click', 'event_info', '', 'info'), on('load', 'event_info', '', 'info')] }))
      const clicked = await page.event('row.click', {}, 3)
      assert.deepEqual(valueOf(clicked.updates, 'info'), { source: 'row', trigger: 'click', value: 3 })
      const loaded = await page.event('load')
      assert.deepEqual(valueOf(loaded.updates, 'info'), { source: null, trigger: 'load', value: null })
    })

    it('gives the session id the welcome announced', async () => {
      const page = await connect(url, graph({ controls: ['id'], listeners: [on('who.click', 'session_id', '', 'id')] }))
      assert.match(page.session!, /^[\w-]{20,}$/)
      assert.equal(valueOf((await page.event('who.click')).updates, 'id'), page.session)
    })

    const visits = graph({
      serverStates: ['visits'],
      controls: ['n'],
      listeners: [
        on('visit.click', 'visit', ''),
        on('visits.change', 'read_visits', '', 'n'),
        on('fail.click', 'visit_then_fail', ''),
        on('read.click', 'read_visits', '', 'n'),
      ],
    })

    it('reads and writes states with ctx.session.get and set, and a set makes the state change', async () => {
      const page = await connect(url, visits)
      const first = await page.event('visit.click')
      assert.deepEqual(first.updates.find((u) => u.l === 0)?.changed, ['visits'])
      assert.equal(valueOf(first.updates, 'n'), 1)
      const second = await page.event('visit.click')
      assert.equal(valueOf(second.updates, 'n'), 2)
    })

    it('discards a ctx.session.set made by a function that fails', async () => {
      const page = await connect(url, visits)
      await page.event('visit.click')
      const failed = await page.event('fail.click')
      assert.equal(failed.ends[0]?.ok, false)
      assert.ok(failed.updates.every((u) => !u.changed))
      assert.equal(valueOf((await page.event('read.click')).updates, 'n'), 1)
    })

    it('reaches a private state only through ctx.session, per session, and never sends it', async () => {
      const g = graph({ controls: ['hits'], listeners: [on('use.click', 'use_token', '', 'hits'), on('replace.click', 'replace_token', '')] })
      const a = await connect(url, g)
      const b = await connect(url, g)
      assert.equal(valueOf((await a.event('use.click')).updates, 'hits'), 1)
      assert.equal(valueOf((await a.event('use.click')).updates, 'hits'), 2)
      assert.equal(valueOf((await b.event('use.click')).updates, 'hits'), 1)
      const replaced = await a.event('replace.click')
      assert.deepEqual(replaced.ends[0], { t: 'end', e: replaced.id, l: 1, ok: true })
      assert.equal(valueOf((await a.event('use.click')).updates, 'hits'), 101)

      const named = await connect(
        url,
        graph({ states: { token: null }, controls: ['out'], listeners: [on('leak.click', 'identity', 'token', 'out')] }),
      )
      assert.ok(named.welcome!.problems.some((p) => p.includes("'token'") && p.includes('private')), named.welcome!.problems.join('\n'))
      const leak = await named.event('leak.click')
      assert.equal(leak.ends[0]?.ok, false)
      assert.match(leak.ends[0]!.error!, /'token' is a private state/)
      for (const page of [a, b, named]) for (const frame of page.frames) assert.ok(!frame.includes(PRIVATE_SENTINEL), frame)
    })
  })

  it('runs another session’s event while a slow function of one session is still running', async () => {
    slowStarted = gate()
    slowRelease = gate()
    const g = graph({ states: { cart: [] }, controls: ['out', 'size'], listeners: [on('slow.click', 'slow', '', 'out'), on('fast.click', 'cart_size', 'cart', 'size')] })
    const a = await connect(url, g)
    const b = await connect(url, g)
    const slowId = a.nextId()
    a.send({ t: 'event', id: slowId, trigger: 'slow.click', values: {} })
    await within(slowStarted.promise, 'the slow function to start')
    const fast = await b.event('fast.click')
    assert.equal(valueOf(fast.updates, 'size'), 0)
    assert.ok(!a.frames.some((f) => f.includes('"done"')), 'the slow event finished before it was released')
    slowRelease.open()
    const slow = eventResult(slowId, await a.until((m) => m.t === 'done' && m.e === slowId, 'the slow event'))
    assert.equal(valueOf(slow.updates, 'out'), 'slow')
  })

  describe('cancel', () => {
    const g = graph({
      controls: ['out', 'after', 'failed'],
      listeners: [
        on('go.click', 'stream_until_cancelled', '', 'out', { name: 'X' }),
        on('stop.click', undefined, '', '', { cancels: ['X'] }),
        on('X.then', 'mark', '', 'after'),
        on('X.failure', 'mark', '', 'failed'),
      ],
    })

    it('stops a running generator listener named in a cancel message: it ends ok:false and cancelled, and only its .then follows', async () => {
      const page = await connect(url, g)
      assert.deepEqual(page.welcome!.problems, [])
      const id = page.nextId()
      page.send({ t: 'event', id, trigger: 'go.click', values: {} })
      await page.until((m) => m.t === 'update' && m.e === id, 'the first yield')
      page.send({ t: 'cancel', listeners: ['X'] })
      const rest = eventResult(id, await page.until((m) => m.t === 'done' && m.e === id, 'the cancelled event'))
      assert.deepEqual(rest.ends, [
        { t: 'end', e: id, l: 0, ok: false, cancelled: true },
        { t: 'end', e: id, l: 2, ok: true },
      ])
      assert.deepEqual(rest.updates, [{ t: 'update', e: id, l: 2, values: { after: 'ran' } }], 'the generator went on after the cancel')
      const after = await page.event('stop.click')
      assert.deepEqual(after.ends, [{ t: 'end', e: after.id, l: 1, ok: true }])
    })

    it('leaves a running listener not named in the cancel message alone', async () => {
      const page = await connect(url, g)
      const id = page.nextId()
      page.send({ t: 'event', id, trigger: 'go.click', values: {} })
      await page.until((m) => m.t === 'update' && m.e === id, 'the first yield')
      page.send({ t: 'cancel', listeners: ['Y'] })
      // Frames are handled in order and a bad frame is answered at once, not queued: its reply means the cancel was handled.
      page.send('not json')
      const seen = await page.until((m) => m.t === 'error' && m.e === undefined, 'the reply to the bad frame')
      assert.ok(!seen.some((m) => m.t === 'end' && m.e === id), 'a listener not named was cancelled')
      page.send({ t: 'cancel', listeners: ['X'] })
      await page.until((m) => m.t === 'done' && m.e === id, 'the cancelled event')
    })

    it('also stops the queued events of a listener named in a cancel message', async () => {
      const page = await connect(url, g)
      const running = page.nextId()
      const queued = page.nextId()
      page.send({ t: 'event', id: running, trigger: 'go.click', values: {} })
      page.send({ t: 'event', id: queued, trigger: 'go.click', values: {} })
      await page.until((m) => m.t === 'update' && m.e === running, 'the first yield')
      page.send({ t: 'cancel', listeners: ['X'] })
      const rest = eventResult(queued, await page.until((m) => m.t === 'done' && m.e === queued, 'the end of the queued event'))
      assert.deepEqual(rest.ends.filter((e) => e.l === 0), [{ t: 'end', e: queued, l: 0, ok: false, cancelled: true }])
      // An event sent after the cancel runs the listener again, until the next cancel.
      const later = page.nextId()
      page.send({ t: 'event', id: later, trigger: 'go.click', values: {} })
      await page.until((m) => m.t === 'update' && m.e === later, 'the later event\'s first yield')
      page.send({ t: 'cancel', listeners: ['X'] })
      const last = eventResult(later, await page.until((m) => m.t === 'done' && m.e === later, 'the end of the later event'))
      assert.deepEqual(last.ends.filter((e) => e.l === 0), [{ t: 'end', e: later, l: 0, ok: false, cancelled: true }])
    })
  })
})

describe('the order listeners run in', () => {
  afterEach(() => closeAll())

  it('runs a listener after every waiting listener that can still lead to it, even one the page declares later, and once', async () => {
    // 0 hears b and c; 1 writes b; 2 hears b and writes c: 0 must wait for 2, and see both.
    const page = await connect(
      url,
      graph({
        controls: ['in', 'b', 'c', 'out'],
        listeners: [on('b.change c.change', 'sum', 'b c', 'out'), on('go.click', 'identity', 'in', 'b'), on('b.change', 'bump3', 'b b b', 'c x y')],
        serverStates: ['x', 'y'],
        states: { y: 0 },
      }),
    )
    const result = await page.event('go.click', { in: 1, b: 0, c: 0 })
    assert.deepEqual(result.ends.map((e) => [e.l, e.ok]), [[1, true], [2, true], [0, true]])
    assert.deepEqual(result.updates.find((u) => u.l === 0)?.values, { out: 3 }, 'the listener did not see both of its inputs new')
  })

  it('ends an event on a cycle: each listener of it runs once, after what leads into it, the lowest id first', async () => {
    // 0 and 1 write each other's trigger; 3 (after 2) writes 0's.
    const page = await connect(
      url,
      graph({
        controls: ['a', 'b'],
        listeners: [on('a.change go.click', 'count_run', '', 'b'), on('b.change go.click', 'count_run', '', 'a'), on('go.click', 'mark', '', '', { name: 'm' }), on('m.then', 'count_run', '', 'a')],
      }),
    )
    const result = await page.event('go.click')
    assert.ok(result.done)
    // 2 leads to 3, which leads into the cycle of 0 and 1: 2, 3, then the cycle by id.
    assert.deepEqual(result.ends.map((e) => e.l), [2, 3, 0, 1])
  })
})
