// Hardening, work and queues: an app of a thousand listeners that wait on each other runs its event in linear time
// while another session goes on; random apps (sizes, chains, cycles) always end their event; a
// flood of events behind a slow function is refused past the queue's bounds; an ended session stays
// in no timer.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createApp, type App } from 'g-kit/server'
import type { ListenerSpec, ServerMessage } from '../../server/protocol.js'
import { coreOf } from '../../server/app.js'
import { endSession } from '../../server/session/lifecycle.js'
import { captureLog, closeAll, connect, gate, graph, on, within } from './_ws.js'
import { closeRaws, counterApp, counterPage, rawHello, rawOpen, shownOf } from './_hardening.js'

/**
 * A page of `n` listeners without functions, each following the one before (`n1.then` → `n2` …)
 * and each also on the click, so that all of them wait at once and each must wait for the one before.
 */
function chainPage(n: number) {
  const listeners: Array<Omit<ListenerSpec, 'id'>> = Array.from({ length: n }, (_, i) => ({
    name: `n${i + 1}`,
    triggers: i === 0 ? ['go.click'] : ['go.click', `n${i}.then`],
    inputs: [],
    outputs: [],
  }))
  return graph({ controls: ['go'], listeners })
}

/**
 * A page of `n` listeners on the click in two layers: the second half, all named `r`, lead to the
 * first half (on `r.then`), which the page declares first: each of the first half waits for every
 * one of the second.
 */
function layersPage(n: number) {
  const half = n / 2
  const listeners: Array<Omit<ListenerSpec, 'id'>> = Array.from({ length: n }, (_, i) =>
    i < half ? { triggers: ['go.click', 'r.then'], inputs: [], outputs: [] } : { name: 'r', triggers: ['go.click'], inputs: [], outputs: [] },
  )
  return graph({ controls: ['go'], listeners })
}

describe('a thousand listeners that wait on each other', () => {
  const logged = captureLog()
  let app: App
  let url: string
  before(async () => {
    app = counterApp({ log: logged.log })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    closeRaws()
    await closeAll()
    await app.close()
  })

  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)
  for (const [what, page, order] of [
    ['a chain', chainPage(1000), range(0, 1000)],
    ['two layers', layersPage(1000), [...range(500, 1000), ...range(0, 500)]],
  ] as const) {
    it(`runs five events on ${what}, each in order to its done, while a session alongside keeps every event`, async () => {
      const bystander = await connect(url, counterPage)
      assert.equal(shownOf((await bystander.event('inc.click')).updates), 1)
      const attacker = await rawOpen(url)
      await rawHello(attacker, page)
      // Five such events at once; the bystander's go on while they run, and after: each answered, each counted once.
      const ids = [1, 2, 3, 4, 5]
      for (const id of ids) attacker.send({ t: 'event', id, trigger: 'go.click', values: {} })
      const counts: unknown[] = []
      for (let i = 0; i < 20; i++) counts.push(shownOf((await bystander.event('inc.click')).updates))
      await attacker.when(() => attacker.messages.some((m) => m.t === 'done' && m.e === 5), 'the done of the last event')
      for (const id of ids) {
        assert.deepEqual(
          attacker.messages.filter((m) => m.t === 'end' && m.e === id).map((m) => m.t === 'end' && m.l),
          order,
          `in event ${id}, the listeners did not each run once, each after those that lead to it`,
        )
      }
      assert.deepEqual(counts, range(2, 22), 'the bystander lost or doubled an event')
      assert.equal(shownOf((await bystander.event('inc.click')).updates), 22)
    })
  }
})

describe('random apps: sizes, chains, cycles', () => {
  const logged = captureLog()
  let app: App
  let url: string
  let flips = 0
  before(async () => {
    app = createApp({ log: logged.log })
    app.fn('pass', () => undefined)
    // A new value each call: a change, which brings in the listeners of its `change` again and again on a cycle.
    app.fn('flip', () => ++flips)
    app.fn('boom', () => {
      throw new Error('boom')
    })
    app.fn('slow', async () => {
      await Promise.resolve()
      return ++flips
    })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  const controls = ['c0', 'c1', 'c2', 'c3', 'c4']
  const names = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5']
  const trigger = fc.oneof(
    fc.constant('go.click'),
    fc.constantFrom(...controls).map((c) => `${c}.change`),
    fc.tuple(fc.constantFrom(...names), fc.constantFrom('then', 'success', 'failure')).map(([n, e]) => `${n}.${e}`),
  )
  const listener = fc.record(
    {
      name: fc.constantFrom(...names),
      triggers: fc.array(trigger, { minLength: 1, maxLength: 3 }),
      fn: fc.constantFrom('pass', 'flip', 'boom', 'slow'),
      inputs: fc.subarray(controls, { maxLength: 2 }),
      outputs: fc.subarray(controls, { maxLength: 2 }),
    },
    { requiredKeys: ['triggers', 'inputs', 'outputs'] },
  )

  it('ends every event (its done arrives), each listener ending at most once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(listener, { minLength: 1, maxLength: 1000, size: 'max' }), async (listeners) => {
        const page = await connect(url, graph({ controls: ['go', ...controls], listeners }))
        try {
          const result = await page.event('go.click')
          if (!listeners.some((l) => l.triggers.includes('go.click'))) {
            assert.deepEqual(result.errors.map((e) => e.message), ["nothing in the app listens to 'go.click'"])
            return
          }
          assert.ok(result.done, `no done: ${JSON.stringify(result.errors)}`)
          const ended = new Map<number, number>()
          for (const end of result.ends) ended.set(end.l, (ended.get(end.l) ?? 0) + 1)
          for (const [l, times] of ended) {
            assert.ok(l >= 0 && l < listeners.length, `an end of listener ${l}, which the app does not have`)
            assert.equal(times, 1, `listener ${l} ended ${times} times in one event`)
          }
          assert.ok(listeners.every((l, i) => !l.triggers.includes('go.click') || ended.has(i)), 'a listener of the trigger did not run')
        } finally {
          await page.close()
        }
      }),
      { seed: 20_261_130, numRuns: 40, endOnFailure: true },
    )
    assert.deepEqual(logged.calls.filter((c) => !String(c.args[0]).includes("'boom' failed")), [], logged.text())
  })
})

describe('a flood of events behind a slow function', () => {
  const logged = captureLog()
  let app: App
  let url: string
  let release = gate()
  let started = gate()
  before(async () => {
    app = counterApp({ log: logged.log, maxQueuedBytes: 1 << 16 })
    app.fn('slow', async () => {
      started.open()
      await release.promise
      return 'slept'
    })
    app.fn('echo', (x: unknown) => x)
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    release.open()
    closeRaws()
    await closeAll()
    await app.close()
  })

  const page = graph({ controls: ['slow', 'go', 'in', 'out'], listeners: [on('slow.click', 'slow', '', 'out'), on('go.click', 'echo', 'in', 'out')] })

  /** Sends a slow event, then `count` more (`values` each), and resolves once each of them is answered or queued. */
  async function flood(raw: Awaited<ReturnType<typeof rawOpen>>, first: number, count: number, values: Record<string, unknown>): Promise<number[]> {
    release = gate()
    started = gate()
    raw.send({ t: 'event', id: first, trigger: 'slow.click', values: {} })
    await within(started.promise, 'the slow event to start')
    const ids = Array.from({ length: count }, (_, i) => first + 1 + i)
    for (const id of ids) raw.send({ t: 'event', id, trigger: 'go.click', values })
    raw.send({ t: 'ping' })
    const pongs = raw.messages.filter((m) => m.t === 'pong').length
    await raw.when(() => raw.messages.filter((m) => m.t === 'pong').length > pongs, 'the server to take the flood')
    return ids
  }

  const errorsOf = (messages: ServerMessage[], ids: number[]) =>
    messages.filter((m): m is Extract<ServerMessage, { t: 'error' }> => m.t === 'error' && m.e !== undefined && ids.includes(m.e))

  it('answers each event past maxQueuedEvents (1000) with an error naming the bound; the others run once the slow one ends', async () => {
    const bystander = await connect(url, counterPage)
    const raw = await rawOpen(url)
    await rawHello(raw, page)
    const ids = await flood(raw, 1, 1100, { in: 'x' })
    const refused = errorsOf(raw.messages, ids)
    assert.equal(refused.length, 100, `${refused.length} events were refused`)
    assert.deepEqual(refused.map((m) => m.e), ids.slice(1000), 'not the events past the bound were refused')
    assert.match(refused[0]!.message, /1000 events waiting, its limit \(maxQueuedEvents\)/)
    assert.equal(shownOf((await bystander.event('inc.click')).updates), 1, 'the bystander waited for the flood')
    release.open()
    await raw.when(() => raw.messages.some((m) => m.t === 'done' && m.e === 1001), 'the last queued event')
    assert.equal(raw.messages.filter((m) => m.t === 'done').length, 1001)
  })

  it('answers each event past maxQueuedBytes with an error naming the bound', async () => {
    const raw = await rawOpen(url)
    await rawHello(raw, page)
    const ids = await flood(raw, 1, 20, { in: 'y'.repeat(8000) })
    const refused = errorsOf(raw.messages, ids)
    assert.ok(refused.length >= 10 && refused.length <= 13, `${refused.length} events of 8 KB were refused with a bound of 64 KiB`)
    assert.match(refused[0]!.message, /more than 65536 bytes, its limit \(maxQueuedBytes\)/)
    release.open()
    await raw.when(() => raw.messages.filter((m) => m.t === 'done').length === 1 + ids.length - refused.length, 'the queued events')
  })
})

describe('an ended session', () => {
  it('stays in no ttl timer: timers hold session ids, and those of ended sessions are dropped', async () => {
    const app = createApp({ log: captureLog().log })
    app.fn('show', (x: unknown) => x)
    const { url } = await app.listen({ port: 0 })
    try {
      await endedSessionsLeaveNoTimer(app, url)
    } finally {
      await closeAll()
      await app.close()
    }
  })
})

/** Ends 40 sessions that each wrote a state with a ttl of a year, and looks at the timers left. */
async function endedSessionsLeaveNoTimer(app: App, url: string): Promise<void> {
  const core = coreOf(app)
  // A page may ask for a year.
  const page = graph({ states: [{ name: 'note', value: '', ttl: 365 * 24 * 3600 }], controls: ['in'], listeners: [on('save.click', 'show', 'in', 'note')] })
  const clients = await Promise.all(Array.from({ length: 40 }, () => connect(url, page)))
  for (const client of clients) assert.deepEqual((await client.event('save.click', { in: 'x' })).updates.map((u) => u.changed), [['note']])
  assert.equal(core.timers.size, 40)
  for (const client of clients) await endSession(core, core.sessions.get(client.session!)!)
  assert.ok(core.timers.size <= 20, `${core.timers.size} timers are left of 40 ended sessions`)
  const left = core.timers.takeDue(Number.MAX_SAFE_INTEGER)
  assert.ok(left.every(({ item }) => typeof item.session === 'string'), 'a timer holds a session object')
}
