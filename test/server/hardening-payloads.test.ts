// Hardening, hostile payloads the other suites lack: lists past the limits, names of
// Object.prototype members, old event ids, frames that close their socket.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import { update, type App } from 'g-kit/server'
import { PROTOCOL_VERSION, type UpdateMessage } from '../../server/protocol.js'
import { captureLog, closeAll, connect, graph, on, open, type Client } from './_ws.js'
import { assertUnpolluted, closeRaws, counterApp, counterPage, prototypeSnapshot, rawHello, rawOpen, shownOf } from './_hardening.js'

// =====================================================================================
// b. hostile payloads that errors.test.ts does not send
// =====================================================================================

describe('b. hostile payloads', () => {
  const logged = captureLog()
  let app: App
  let url: string
  /** A session opened first: every test checks that it still works. */
  let bystander: Client
  let bystanderCount = 0

  before(async () => {
    app = counterApp({ maxFrame: 1 << 16, log: logged.log })
    app.fn('echo', (x: unknown) => x)
    app.fn('big', () => 10n ** 30n)
    app.fn('cyclic', () => {
      const node: Record<string, unknown> = { name: 'loop' }
      node.self = node
      return node
    })
    app.fn('big_later', async () => ({ total: 1n }))
    app.fn('big_label', () => update({ value: 'fine', label: 2n as unknown as string }))
    app.fn('cyclic_yield', function* () {
      yield 'first'
      const list: unknown[] = []
      list.push(list)
      yield list
    })
    app.fn('json_throws', () => ({ toJSON: () => { throw new Error('no JSON for you') } }))
    // A control's value first, then a state's that cannot be copied (a function inside): the step fails whole.
    app.fn('half_copyable', () => ['written?', { handler: () => 1 }])
    ;({ url } = await app.listen({ port: 0 }))
    bystander = await connect(url, counterPage)
  })
  after(async () => {
    closeRaws()
    await closeAll()
    await app.close()
  })

  /** The bystander increments once more and sees its own count: nothing else touched it. */
  async function bystanderWorks(): Promise<void> {
    const result = await bystander.event('inc.click')
    assert.deepEqual(result.errors, [])
    assert.equal(shownOf(result.updates), ++bystanderCount, 'the bystander session lost its state')
  }

  it('answers lists longer than the limit of names (1000), and apps of more than 10000 names in all, with an error naming the limit; the page goes on', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `n${i}`)
    const page = await open(url)
    const lists: Array<[unknown, RegExp]> = [
      [{ t: 'hello', v: PROTOCOL_VERSION, graph: { ...counterPage, controls: many } }, /'graph\.controls' lists 1001 names, more than the limit of 1000/],
      [{ t: 'hello', v: PROTOCOL_VERSION, graph: { ...counterPage, listeners: [{ id: 0, triggers: many, fn: 'increment', inputs: [], outputs: [] }] } }, /'graph\.listeners\[0\]\.triggers' lists 1001/],
      [{ t: 'hello', v: PROTOCOL_VERSION, graph: { ...counterPage, states: many.map((name) => ({ name })) } }, /more than 1000 states or listeners/],
      [
        { t: 'hello', v: PROTOCOL_VERSION, graph: { ...counterPage, listeners: Array.from({ length: 200 }, (_, id) => ({ id, triggers: ['inc.click'], inputs: Array(50).fill('a'), outputs: [] })) } },
        /'graph' declares 10\d{3} names in all, more than the limit of 10000/,
      ],
    ]
    for (const [msg, error] of lists) {
      page.send(msg)
      const reply = await page.next('the error for a list too long')
      assert.equal(reply.t, 'error', JSON.stringify(reply))
      assert.match((reply as { message: string }).message, error)
    }
    page.send({ t: 'hello', v: PROTOCOL_VERSION, graph: counterPage })
    assert.equal((await page.next('the welcome')).t, 'welcome')
    page.send({ t: 'cancel', listeners: many })
    const reply = await page.next('the error for a cancel of 1001 listeners')
    assert.equal(reply.t, 'error')
    assert.match((reply as { message: string }).message, /'listeners' lists 1001 names/)
    assert.equal(shownOf((await page.event('inc.click')).updates), 1)
    await bystanderWorks()
  })

  it('takes names of Object.prototype members as plain names: states, controls, functions and triggers', async () => {
    const snapshot = prototypeSnapshot()
    const page = await connect(
      url,
      graph({
        states: [{ name: 'constructor', value: { n: 1 } }, { name: '__proto__', value: 'proto default' }],
        controls: ['toString', 'valueOf', 'out'],
        listeners: [
          on('toString.click', 'hasOwnProperty', 'valueOf', 'out'),
          on('valueOf.click', 'echo', 'constructor', '__proto__'),
          on('read.click', 'echo', '__proto__', 'out'),
        ],
      }),
    )
    assert.equal(page.welcome!.problems.length, 1, page.welcome!.problems.join('\n'))
    assert.match(page.welcome!.problems[0]!, /unknown function 'hasOwnProperty'/)
    const unknown = await page.event('toString.click', { valueOf: 1 })
    assert.equal(unknown.ends[0]?.ok, false)
    assert.match(unknown.ends[0]!.error!, /unknown function 'hasOwnProperty'/)
    const before = await page.event('read.click')
    assert.equal(before.updates[0]?.values?.out, 'proto default')
    const write = await page.event('valueOf.click')
    assert.deepEqual(write.updates.map((u) => u.changed), [['__proto__']])
    const after = await page.event('read.click')
    assert.deepEqual(after.updates[0]?.values?.out, { n: 1 }, "the state named '__proto__' did not keep its value")
    for (const trigger of ['constructor', 'constructor.click', '__proto__', 'hasOwnProperty.click']) {
      const result = await page.event(trigger)
      assert.deepEqual(result.errors.map((e) => e.message), [`nothing in the app listens to '${trigger}'`])
    }
    assertUnpolluted(snapshot, 'by names of Object.prototype members')
    await bystanderWorks()
  })

  it('answers an event whose id is not above the last one and was never sent with an error naming it, so that the page does not wait forever', async () => {
    const raw = await rawOpen(url)
    await rawHello(raw, counterPage)
    for (const id of [1, 10]) raw.send({ t: 'event', id, trigger: 'inc.click', values: {} })
    await raw.when(() => raw.messages.some((m) => m.t === 'done' && m.e === 10), 'the done of event 10')
    const from = raw.messages.length
    const bogus = [0, -1, 5]
    for (const id of bogus) raw.send({ t: 'event', id, trigger: 'inc.click', values: {} })
    // A new event after them: whatever answers them comes before its done (sent at once, or queued in order).
    raw.send({ t: 'event', id: 11, trigger: 'read.click', values: {} })
    await raw.when(() => raw.messages.some((m) => m.t === 'done' && m.e === 11), 'the done of the read after them')
    const replies = raw.messages.slice(from)
    for (const id of bogus) {
      const answers = replies.filter((m) => 'e' in m && m.e === id)
      assert.ok(answers.length > 0, `event ${id}, never sent and not above the last (10), got no answer: ${JSON.stringify(replies)}`)
      assert.deepEqual(answers.map((m) => m.t), ['error'], `event ${id} ran: ${JSON.stringify(answers)}`)
    }
    assert.equal(replies.find((m): m is UpdateMessage => m.t === 'update' && m.e === 11)?.values?.shown, 2, 'an event with an old id was applied')
    await bystanderWorks()
  })

  it('compares values with a constructor key as data: writing an equal value again is no change', async () => {
    const page = await connect(url, graph({ states: { dict: {} }, controls: ['in'], listeners: [on('save.click', 'echo', 'in', 'dict')] }))
    for (const value of [{ constructor: { count: 1 } }, { words: { constructor: ['a', 'b'] } }, { constructor: 'plain', n: 1 }]) {
      const first = await page.event('save.click', { in: value })
      assert.deepEqual(first.updates.map((u) => u.changed), [['dict']], `writing ${JSON.stringify(value)} was no change`)
      const again = await page.event('save.click', { in: structuredClone(value) })
      assert.deepEqual(again.updates, [], `writing ${JSON.stringify(value)} again, an equal value, fired change`)
    }
    await bystanderWorks()
  })

  it('fails a listener whose output cannot be sent (a BigInt, a cycle, a toJSON that throws) with an error naming the output and the problem; the server goes on', async () => {
    const page = await connect(
      url,
      graph({
        controls: ['out', 'n'],
        listeners: ['big', 'cyclic', 'big_later', 'big_label', 'cyclic_yield', 'json_throws'].map((fn) => on(`${fn}.click`, fn, '', 'out')),
      }),
    )
    const cases: Array<[string, RegExp]> = [
      ['big', /^'big' returned a value for 'out' that cannot be sent to the page \(.*BigInt.*\)/],
      ['cyclic', /^'cyclic' returned a value for 'out' that cannot be sent to the page \(.*circular.*\)/i],
      ['big_later', /^'big_later' returned a value for 'out' that cannot be sent to the page \(.*BigInt.*\)/],
      ['big_label', /^'big_label' returned a value for 'out' that cannot be sent to the page \(.*BigInt.*\)/],
      ['cyclic_yield', /^'cyclic_yield' returned a value for 'out' that cannot be sent to the page \(.*circular.*\)/i],
      ['json_throws', /^'json_throws' returned a value for 'out' that cannot be sent to the page \(no JSON for you\)/],
    ]
    for (const [fn, error] of cases) {
      const result = await page.event(`${fn}.click`)
      assert.ok(result.done, `the event of '${fn}' did not end: ${JSON.stringify(result.messages)}`)
      assert.equal(result.ends.length, 1)
      assert.equal(result.ends[0]!.ok, false, `'${fn}' did not fail`)
      assert.match(result.ends[0]!.error ?? '', error)
      // Nothing of the value was sent; a yield before it was.
      const sent = result.updates.map((u) => u.values?.out)
      assert.deepEqual(sent, fn === 'cyclic_yield' ? ['first'] : [], `'${fn}' sent something of its value`)
    }
    assert.equal((await page.event('big.click')).ends[0]!.ok, false, 'the page no longer works')
    await bystanderWorks()
  })

  it('writes nothing of a step that fails part way: a control set before a state that cannot be copied is left as it was', async () => {
    const page = await connect(url, graph({ states: { kept: null }, controls: ['out'], listeners: [on('half.click', 'half_copyable', '', 'out kept'), on('out.change', 'echo', 'out', 'out')] }))
    const result = await page.event('half.click', { out: 'before' })
    assert.equal(result.ends[0]!.ok, false)
    assert.match(result.ends[0]!.error ?? '', /'half_copyable' failed/)
    assert.deepEqual(result.updates, [], 'nothing of the step was sent')
    assert.equal(result.ends.length, 1, 'no listener of the control\'s change ran: it did not change')
    assert.match(logged.text(), /state 'kept' holds a value that cannot be copied/)
    logged.calls.length = 0
  })

  for (const [what, send, code] of [
    ['a frame above maxPayload (4 × maxFrame, at least 1 MiB)', (ws: WebSocket) => ws.send('x'.repeat(Math.max(4 * (1 << 16), 1 << 20) + 1)), 1009],
    ['a text frame that is not UTF-8', (ws: WebSocket) => ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false }), 1007],
  ] as const) {
    it(`closes only the socket that sends ${what} (code ${code}); its session resumes, and the server and other sessions go on`, async () => {
      const raw = await rawOpen(url)
      const welcome = await rawHello(raw, counterPage)
      raw.send({ t: 'event', id: 1, trigger: 'inc.click', values: {} })
      await raw.when(() => raw.messages.some((m) => m.t === 'done'), 'the done of the first event')
      send(raw.ws)
      const closed = await raw.when(() => raw.closed, 'the socket to close')
      assert.equal(closed.code, code)
      await bystanderWorks()
      const again = await rawOpen(url)
      const resumed = await rawHello(again, counterPage, welcome.resume)
      assert.equal(resumed.resumed, true, 'the session was lost with its socket')
      again.send({ t: 'event', id: 2, trigger: 'read.click', values: {} })
      const done = await again.when(() => again.messages.find((m): m is UpdateMessage => m.t === 'update' && m.e === 2), 'the read after resuming')
      assert.equal(done.values?.shown, 1)
      assert.deepEqual(logged.calls.filter((c) => c.level === 'error'), [], logged.text())
    })
  }
})
