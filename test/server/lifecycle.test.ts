// Session lifecycle: tab close, retention, expiry, cleanup, capacity, resume, liveness.
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import { createApp, type App, type AppOptions, type FnContext } from 'g-kit/server'
import { PROTOCOL_VERSION, type AppGraph, type ServerMessage } from '../../server/protocol.js'
import { DeadlineQueue } from '../../server/session/deadlines.js'
import { captureLog, closeAll, connect, gate, graph, on, open, within, type Client } from './_ws.js'

/** Short times, so that retention and expiry happen within a test. */
const quick: AppOptions = { closedTtl: 0.2, sweepInterval: 0.02 }

let app: App | undefined
afterEach(async () => {
  await closeAll()
  await app?.close()
  app = undefined
})

async function serve(options: AppOptions, declare: (app: App) => void): Promise<string> {
  app = createApp(options)
  declare(app)
  return (await app.listen({ port: 0 })).url
}

/** A page with one button that increments the server state `count`. */
const counterPage = graph({ controls: ['inc'], listeners: [on('inc.click', 'increment', 'count', 'count')], serverStates: ['count'] })

/** Says hello again on a new socket, asking to resume the session `token` names. */
async function resume(url: string, token: string, page: AppGraph = counterPage): Promise<Client & { welcome: Extract<ServerMessage, { t: 'welcome' }> }> {
  const client = await open(url)
  client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: page, resume: token })
  const welcome = await client.next('the welcome')
  assert.equal(welcome.t, 'welcome')
  return Object.assign(client, { welcome: welcome as Extract<ServerMessage, { t: 'welcome' }> })
}

describe('tab close and retention', () => {
  it('runs onDelete with the last value, then onUnload once, after the retention of a closed tab', async () => {
    const deleted: unknown[] = []
    const unloaded = gate<string>()
    const unloads: string[] = []
    const url = await serve(quick, (app) => {
      app.state('count', { value: 0, onDelete: (value) => void deleted.push(value) })
      app.fn('increment', (n: number) => n + 1)
      app.onUnload(({ session }) => {
        unloads.push(session.id)
        unloaded.open(session.id)
      })
    })
    const page = await connect(url, counterPage)
    for (let i = 0; i < 4; i++) await page.event('inc.click')
    assert.deepEqual(deleted, [], 'nothing is deleted while the tab is open')
    await page.close()
    assert.equal(await within(unloaded.promise, 'onUnload'), page.session)
    assert.deepEqual(deleted, [4])
    assert.deepEqual(unloads, [page.session])
  })

  it('deletes states that were never written, calling their onDelete with the default', async () => {
    const deleted: unknown[] = []
    const unloaded = gate()
    const url = await serve(quick, (app) => {
      app.state('folder', { value: () => '/tmp/made-for-this-session', onDelete: (value) => void deleted.push(value) })
      app.fn('read', (folder: string) => folder.length)
      app.onUnload(() => unloaded.open())
    })
    const page = await connect(url, graph({ controls: ['go', 'out'], listeners: [on('go.click', 'read', 'folder', 'out')], serverStates: ['folder'] }))
    await page.event('go.click')
    await page.close()
    await within(unloaded.promise, 'onUnload')
    assert.deepEqual(deleted, ['/tmp/made-for-this-session'])
  })

  it('keeps a closed session that reconnects in time: same state, open again, no callbacks', async () => {
    const unloads: string[] = []
    const url = await serve({ closedTtl: 60 }, (app) => {
      app.state('count', { value: 0 })
      app.fn('increment', (n: number) => n + 1)
      app.onUnload(({ session }) => void unloads.push(session.id))
    })
    const page = await connect(url, counterPage)
    await page.event('inc.click')
    await page.event('inc.click')
    await page.close()
    const again = await resume(url, page.welcome!.resume)
    assert.equal(again.welcome.resumed, true)
    assert.equal(again.welcome.session, page.session)
    again.send({ t: 'event', id: 3, trigger: 'inc.click', values: {} })
    const messages = await again.until((m) => m.t === 'done', 'the done of event 3')
    assert.ok(messages.some((m) => m.t === 'update' && m.changed?.includes('count')))
    assert.deepEqual(unloads, [])
  })

  it('ends every session when the app closes, running the callbacks, and resolves after them', async () => {
    const order: string[] = []
    const url = await serve({}, (app) => {
      app.state('count', { value: 0, onDelete: async () => void order.push('onDelete') })
      app.fn('increment', (n: number) => n + 1)
      app.onUnload(async () => {
        await Promise.resolve()
        order.push('onUnload')
      })
    })
    const page = await connect(url, counterPage)
    await page.event('inc.click')
    await app!.close()
    app = undefined
    assert.deepEqual(order, ['onDelete', 'onUnload'])
  })

  it('aborts ctx.signal of a running event when its session ends', async () => {
    const aborted = gate<string>()
    const started = gate()
    const url = await serve({}, (app) => {
      app.fn('wait', (ctx: FnContext) => {
        started.open()
        ctx.signal.addEventListener('abort', () => aborted.open('aborted'))
        return new Promise(() => {})
      })
    })
    const page = await connect(url, graph({ controls: ['go'], listeners: [on('go.click', 'wait')] }))
    page.send({ t: 'event', id: 1, trigger: 'go.click', values: {} })
    await within(started.promise, 'the function to start')
    await app!.close()
    app = undefined
    assert.equal(await within(aborted.promise, 'the abort'), 'aborted')
  })
})

describe('ttl', () => {
  it('resets a state to its default ttl seconds after its last write: onDelete gets the old value, the page hears change', async () => {
    const deleted: unknown[] = []
    const url = await serve({ sweepInterval: 0.02 }, (app) => {
      app.state('draft', { value: '', ttl: 0.1, onDelete: (value) => void deleted.push(value) })
      app.fn('write', (text: string) => text)
      app.fn('read', (draft: string) => draft)
    })
    const page = await connect(
      url,
      graph({ controls: ['text', 'save', 'load', 'out'], listeners: [on('save.click', 'write', 'text', 'draft'), on('load.click', 'read', 'draft', 'out')], serverStates: ['draft'] }),
    )
    await page.event('save.click', { text: 'hello' })
    const notice = await page.until((m) => m.t === 'changed', 'the change of the reset')
    assert.deepEqual(notice.at(-1), { t: 'changed', names: ['draft'] })
    assert.deepEqual(deleted, ['hello'])
    const read = await page.event('load.click')
    assert.equal(read.updates[0]?.values?.out, '')
  })

  it('counts a page ttl (<g-state ttl>) from the last write, so a write keeps the state', async () => {
    const url = await serve({ sweepInterval: 0.02 }, (app) => {
      app.fn('increment', (n: number) => n + 1)
    })
    const page = await connect(url, graph({ states: [{ name: 'n', value: 0, ttl: 0.15 }], controls: ['inc'], listeners: [on('inc.click', 'increment', 'n', 'n')] }))
    const first = await page.event('inc.click')
    assert.deepEqual(first.updates[0]?.changed, ['n'])
    const notice = await page.until((m) => m.t === 'changed', 'the reset')
    assert.deepEqual(notice.at(-1), { t: 'changed', names: ['n'] })
    const after = await page.event('inc.click')
    assert.deepEqual(after.updates[0]?.changed, ['n'], 'back at the default 0, the increment changes it to 1 again')
  })
})

describe('sweeping', () => {
  it('logs a throwing callback with the session and the state, and still runs the others', async () => {
    const logged = captureLog()
    const ran: string[] = []
    const unloaded = gate()
    const url = await serve({ ...quick, log: logged.log }, (app) => {
      app.state('a', { value: 1, onDelete: () => { throw new Error('a broke') } })
      app.state('b', { value: 2, onDelete: () => void ran.push('b') })
      app.fn('touch', (a: number, b: number) => [a, b])
      app.onUnload(() => { throw new Error('first unload broke') })
      app.onUnload(() => {
        ran.push('second unload')
        unloaded.open()
      })
    })
    const page = await connect(url, graph({ controls: ['go'], listeners: [on('go.click', 'touch', 'a b', 'a b')], serverStates: ['a', 'b'] }))
    await page.event('go.click')
    await page.close()
    await within(unloaded.promise, 'the second onUnload')
    assert.deepEqual(ran, ['b', 'second unload'])
    const log = logged.text()
    assert.match(log, new RegExp(`onDelete of state 'a' in session ${page.session}`))
    assert.match(log, /a broke/)
    assert.match(log, /first unload broke/)
  })

  it('takes from its queues only what is due, oldest first', () => {
    const queue = new DeadlineQueue<string>(1000)
    queue.push('a', 0)
    queue.push('b', 10)
    queue.push('c', 20)
    assert.deepEqual(queue.takeDue(5), [])
    assert.deepEqual(queue.takeDue(1010).map((entry) => entry.item), ['a', 'b'])
    assert.equal(queue.size, 1)
    assert.deepEqual(queue.takeOldest((item) => item !== 'c'), undefined)
    assert.equal(queue.size, 0)
  })
})

describe('capacity', () => {
  it('evicts the least recently closed session first, with its callbacks, and tells a page plainly when every session is open', async () => {
    const unloads: string[] = []
    const url = await serve({ maxSessions: 2, closedTtl: 60 }, (app) => {
      app.state('count', { value: 0 })
      app.fn('increment', (n: number) => n + 1)
      app.onUnload(({ session }) => void unloads.push(session.id))
    })
    const a = await connect(url, counterPage)
    const b = await connect(url, counterPage)
    await a.close()
    await b.close()
    const c = await connect(url, counterPage)
    assert.deepEqual(unloads, [a.session], 'a closed first, so it goes first')
    const stillB = await resume(url, b.welcome!.resume)
    assert.equal(stillB.welcome.resumed, true)

    const refused = await open(url)
    refused.send({ t: 'hello', v: PROTOCOL_VERSION, graph: counterPage })
    const error = await refused.next('the refusal')
    assert.equal(error.t, 'error')
    assert.equal(error.t === 'error' && error.code, 'full')
    assert.match(error.t === 'error' ? error.message : '', /full/)
    await within(new Promise((resolve) => refused.ws.once('close', resolve)), 'the refused socket to close')
    assert.deepEqual(unloads, [a.session], 'no open session was dropped')
    await c.event('inc.click')
  })
})

describe('resume', () => {
  it('applies an event sent twice once, and replays its result', async () => {
    const url = await serve({}, (app) => {
      app.state('count', { value: 0 })
      app.fn('increment', (n: number) => n + 1)
      app.fn('show', (n: number) => n)
    })
    const page = await connect(url, graph({ controls: ['inc', 'shown'], listeners: [on('inc.click', 'increment', 'count', 'count'), on('count.change', 'show', 'count', 'shown')], serverStates: ['count'] }))
    const first = await page.event('inc.click')
    assert.equal(first.updates.find((u) => u.values)?.values?.shown, 1)
    page.send({ t: 'event', id: first.id, trigger: 'inc.click', values: {} })
    const replay = await page.until((m) => m.t === 'done' && m.e === first.id, 'the replayed done')
    assert.deepEqual(replay, first.messages, 'the same messages again')
    const second = await page.event('inc.click')
    assert.equal(second.updates.find((u) => u.values)?.values?.shown, 2, 'applied once: 2, not 3')
  })

  it('delivers the result of an event whose reply was lost to the page that reconnects and sends it again', async () => {
    const release = gate()
    const started = gate()
    let runs = 0
    const url = await serve({ closedTtl: 60 }, (app) => {
      app.state('count', { value: 0 })
      app.fn('slow_increment', async (n: number) => {
        runs++
        started.open()
        await release.promise
        return n + 1
      })
    })
    const page = await connect(url, graph({ controls: ['inc'], listeners: [on('inc.click', 'slow_increment', 'count', 'count')], serverStates: ['count'] }))
    page.send({ t: 'event', id: 1, trigger: 'inc.click', values: {} })
    await within(started.promise, 'the function to start')
    await page.close()
    const again = await resume(url, page.welcome!.resume)
    again.send({ t: 'event', id: 1, trigger: 'inc.click', values: {} })
    release.open()
    const messages = await again.until((m) => m.t === 'done' && m.e === 1, 'the done of event 1 on the new socket')
    assert.ok(messages.some((m) => m.t === 'update' && m.changed?.includes('count')), 'change of the state it wrote')
    assert.equal(runs, 1)
  })

  it('gives a stale or forged resume token a new session, and says the old one is gone', async () => {
    const url = await serve({}, (app) => {
      app.state('count', { value: 0 })
      app.fn('increment', (n: number) => n + 1)
    })
    const owner = await connect(url, counterPage)
    await owner.event('inc.click')
    for (const token of [`${owner.session}.${'A'.repeat(22)}`, 'no-dot-at-all', `unknownsession.${owner.welcome!.resume.split('.')[1]}`]) {
      const other = await resume(url, token)
      assert.equal(other.welcome.resumed, false)
      assert.equal(other.welcome.expired, true)
      assert.notEqual(other.welcome.session, owner.session)
      const result = await other.event('inc.click')
      assert.deepEqual(result.updates[0]?.changed, ['count'], 'its own count, from the default')
    }
    const mine = await owner.event('inc.click')
    assert.deepEqual(mine.updates[0]?.changed, ['count'])
  })
})

describe('liveness', () => {
  it('closes the session of a page that stops answering pings', async () => {
    const unloaded = gate<string>()
    const url = await serve({ closedTtl: 0.05, sweepInterval: 0.02, heartbeat: 0.1 }, (app) => {
      app.onUnload(({ session }) => unloaded.open(session.id))
    })
    const silent = new WebSocket(new URL('g/ws', url), { autoPong: false })
    await new Promise((resolve) => silent.once('open', resolve))
    silent.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, graph: graph({}) }))
    const [welcome] = JSON.parse(String(await new Promise((resolve) => silent.once('message', resolve)))) as ServerMessage[]
    assert.equal(welcome?.t, 'welcome')
    assert.equal(await within(unloaded.promise, 'the silent page to be taken for gone'), welcome?.t === 'welcome' && welcome.session)
    silent.terminate()
  })
})
