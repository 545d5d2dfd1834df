// Global state: app.global values shared by every session, their change notices over crossws
// pub/sub, atomic read-modify-write, the server-code handle, onOpen/onClose, and resume.
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, connect as tcpConnect, type Socket } from 'node:net'
import { H3 } from 'h3'
import { createApp, listen, type App, type AppOptions, type GlobalHandle, type Listening } from 'g-kit/server'
import { PROTOCOL_VERSION, type AppGraph, type ServerMessage, type WelcomeMessage } from '../../server/protocol.js'
import { captureLog, closeAll, connect, eventResult, gate, graph, on, open, within, type Client, type EventResult } from './_ws.js'

let apps: App[] = []
let servers: Listening[] = []
afterEach(async () => {
  await closeAll()
  await Promise.all(apps.splice(0).map((app) => app.close()))
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Makes an app, lets `declare` fill it in, and serves it on a free port. */
async function serve(declare: (app: App) => void, options: AppOptions = {}): Promise<string> {
  const app = createApp(options)
  apps.push(app)
  declare(app)
  return (await app.listen({ port: 0 })).url
}

/** A tick of the event loop: what an async function awaits between reading a value and returning the next. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Everything the server sent `client` before it answered a ping sent now. Messages to one socket
 * keep their order, so a notice sent before this call shows here: no sleep is needed to see none.
 */
async function beforePong(client: Client): Promise<ServerMessage[]> {
  client.send({ t: 'ping' })
  return (await client.until((m) => m.t === 'pong', 'the pong')).slice(0, -1)
}

/** The names in the `changed` notices among `messages`. */
function noticed(messages: ServerMessage[]): string[] {
  return messages.flatMap((m) => (m.t === 'changed' ? m.names : []))
}

/** Sends `n` events at once (without waiting for any), and resolves with the result of each once the last is done. */
async function burst(client: Client, trigger: string, n: number, values: Record<string, unknown> = {}): Promise<EventResult[]> {
  const ids = Array.from({ length: n }, () => client.nextId())
  for (const id of ids) client.send({ t: 'event', id, trigger, values })
  const last = ids.at(-1)!
  // A session runs its events in order: the last one's done comes after every other's.
  const messages = await client.until((m) => (m.t === 'done' || m.t === 'error') && m.e === last, `the done of event ${last}`)
  return ids.map((id) => eventResult(id, messages))
}

/** Asserts that an event ran without any error and its listeners all succeeded. */
function assertOk(result: EventResult, what: string): void {
  assert.deepEqual(result.errors, [], `${what}: no error`)
  assert.ok(result.done, `${what}: done`)
  assert.ok(result.ends.every((end) => end.ok), `${what}: every listener succeeded: ${JSON.stringify(result.ends)}`)
}

/** The value an event's updates gave the control `name` (the last one). */
function valueOf(result: EventResult, name: string): unknown {
  const values = result.updates.flatMap((u) => (u.values && name in u.values ? [u.values[name]] : []))
  assert.ok(values.length, `the event set '${name}': ${JSON.stringify(result.messages)}`)
  return values.at(-1)
}

/**
 * Says hello on a new socket, asking to resume the session of `before` (with its welcome's resume
 * token), as the page would after a dropped connection; resolves at the welcome. Its events go on
 * from the ids `before` used, as the page's do (a seen id is a resent event).
 */
async function resume(url: string, page: AppGraph, before: Client): Promise<Client & { welcome: WelcomeMessage }> {
  const client = await open(url)
  for (let used = before.nextId() - 1; used > 0; used--) client.nextId()
  client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: page, resume: before.welcome!.resume })
  const welcome = await client.next('the welcome')
  assert.equal(welcome.t, 'welcome')
  client.welcome = welcome as WelcomeMessage
  client.session = client.welcome.session
  return client as Client & { welcome: WelcomeMessage }
}

/** Records the session ids a hook is called with, for a test to take one by one as they come. */
function hookRecorder() {
  const ids: string[] = []
  let taken = 0
  let wake: (() => void) | undefined
  return {
    ids,
    hook: ({ session }: { session: { id: string } }) => {
      ids.push(session.id)
      wake?.()
    },
    /** The id of the next call not taken yet, waiting for it if need be. */
    async next(what: string): Promise<string> {
      while (ids.length <= taken) {
        const called = gate()
        wake = called.open
        await within(called.promise, what)
      }
      return ids[taken++]!
    },
  }
}

/**
 * A TCP relay in front of `url`, standing for the network between a page and the server. `cut()`
 * is the network going away: from then on nothing gets through, either way, and neither end
 * knows. `serverNotices()` is the server finding out (as its heartbeat would): its side of the
 * connection closes. Pages reach the server through `url` of the relay.
 */
async function relay(target: string): Promise<{ url: string; cut(): void; serverNotices(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target)
  const links: Array<{ page: Socket; server: Socket }> = []
  let down = false
  const server = createServer((page) => {
    const upstream = tcpConnect(Number(port), hostname)
    links.push({ page, server: upstream })
    upstream.on('data', (chunk) => void (down || page.write(chunk)))
    page.on('data', (chunk) => void (down || upstream.write(chunk)))
    for (const [a, b] of [[page, upstream], [upstream, page]] as const) {
      a.on('error', () => {})
      a.on('close', () => void (down || b.destroy()))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
  return {
    url,
    cut: () => void (down = true),
    serverNotices: () => links.forEach((link) => link.server.destroy()),
    close: () => {
      for (const link of links) link.page.destroy(), link.server.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

// --- pages ---

/** A page that shows `count` (`<g-global-state name="count">`) with a button that increments it and one that shows it. */
const counterPage = graph({
  controls: ['out'],
  globals: ['count'],
  listeners: [on('inc.click', 'inc', 'count', 'count'), on('show.click', 'read', 'count', 'out')],
})

/** An app with the global `count` and the functions of {@link counterPage}; `inc` awaits between reading and returning. */
function counterApp(initial = 0, more: (app: App) => void = () => {}): { handle: () => GlobalHandle<number>; declare: (app: App) => void } {
  let handle: GlobalHandle<number> | undefined
  return {
    handle: () => handle!,
    declare: (app) => {
      handle = app.global('count', initial)
      app.fn('inc', async (n: number) => {
        await tick()
        return n + 1
      })
      app.fn('read', (n: unknown) => n)
      more(app)
    },
  }
}

describe('a change reaches every page that shows the global', () => {
  for (const others of [2, 10]) {
    it(`a write in one page reaches ${others} other pages as a notice naming it; the writer hears it in its own event only`, async () => {
      const url = await serve((app) => {
        app.global('motto', 'hello')
        app.fn('say', (text: string) => text)
        app.fn('read', (motto: string) => motto)
      })
      const writer = await connect(url, graph({ controls: ['text'], globals: ['motto'], listeners: [on('set.click', 'say', 'text', 'motto')] }))
      const viewerPage = graph({ controls: ['out'], globals: ['motto'], listeners: [on('motto.change', 'read', 'motto', 'out')] })
      const viewers = await Promise.all(Array.from({ length: others }, () => connect(url, viewerPage)))
      const result = await writer.event('set.click', { text: 'hi, all' })
      assertOk(result, 'the write')
      assert.deepEqual(result.updates.map((u) => u.changed), [['motto']], 'the writer learns of the change in its event')
      // The viewers do nothing but listen.
      for (const [i, viewer] of viewers.entries()) {
        assert.deepEqual(await viewer.next(`the notice to viewer ${i}`), { t: 'changed', names: ['motto'] })
      }
      assert.deepEqual(await beforePong(writer), [], 'the writer gets no notice besides its event')
      for (const viewer of viewers) assert.deepEqual(await beforePong(viewer), [], 'one notice per change')
      // What a page does with the notice: fire the global's `change`, whose listener reads the new value.
      assert.equal(valueOf(await viewers[0]!.event('motto.change'), 'out'), 'hi, all')
    })
  }

  it('reaches a page that names the global in a trigger; a page that neither shows it nor triggers on it hears nothing', async () => {
    const url = await serve((app) => {
      app.global('motto', 'hello')
      app.global('other', 0)
      app.fn('say', (text: string) => text)
      app.fn('read', (value: unknown) => value)
    })
    const writer = await connect(url, graph({ controls: ['text'], listeners: [on('set.click', 'say', 'text', 'motto')] }))
    // No <g-global-state>, but a listener on motto.change.
    const triggered = await connect(url, graph({ controls: ['out'], serverStates: ['motto'], listeners: [on('motto.change', 'read', 'motto', 'out')] }))
    // Reads it as an input now and then, but neither shows it nor triggers on it.
    const reader = await connect(url, graph({ controls: ['out'], listeners: [on('show.click', 'read', 'motto', 'out')] }))
    // Shows another global only.
    const elsewhere = await connect(url, graph({ globals: ['other'] }))
    // Knows nothing of globals.
    const unrelated = await connect(url, graph({ controls: ['a', 'b'], listeners: [on('go.click', 'say', 'a', 'b')] }))
    const result = await writer.event('set.click', { text: 'news' })
    assertOk(result, 'the write')
    assert.deepEqual(result.updates.map((u) => u.changed), [['motto']], 'a page that does not show the global still learns of its own write')
    assert.deepEqual(await triggered.next('the notice'), { t: 'changed', names: ['motto'] })
    assert.deepEqual(await beforePong(writer), [])
    assert.deepEqual(await beforePong(triggered), [])
    assert.deepEqual(await beforePong(reader), [], 'a page that only reads the global hears nothing')
    assert.deepEqual(await beforePong(elsewhere), [], 'a page that shows another global hears nothing')
    assert.deepEqual(await beforePong(unrelated), [], 'a page without globals hears nothing')
    assert.equal(valueOf(await reader.event('show.click'), 'out'), 'news', 'but reads the new value')
  })

  it('sends names only: the value never travels in a notice or an update; a page reads it through a function output', async () => {
    const secret = 'VALUE-0c4f2e-only-through-an-output'
    const url = await serve((app) => {
      app.global('motto', { text: 'hello' })
      app.fn('say', () => ({ text: secret }))
      app.fn('read', (motto: { text: string }) => motto.text)
    })
    const writer = await connect(url, graph({ controls: ['out'], globals: ['motto'], listeners: [on('set.click', 'say', '', 'motto'), on('motto.change', 'read', 'motto', 'out')] }))
    const viewer = await connect(url, graph({ controls: ['out'], globals: ['motto'], listeners: [on('motto.change', 'read', 'motto', 'out')] }))
    const written = await writer.event('set.click')
    assertOk(written, 'the write')
    assert.deepEqual(written.updates.find((u) => u.l === 0), { t: 'update', e: written.id, l: 0, changed: ['motto'] }, 'the writer learns the name only')
    assert.equal(valueOf(written, 'out'), secret, 'the writer’s own motto.change listener ran in the same event')
    assert.deepEqual(await viewer.next('the notice'), { t: 'changed', names: ['motto'] })
    assert.equal(viewer.frames.at(-1), JSON.stringify([{ t: 'changed', names: ['motto'] }]), 'the notice is the name, nothing more')
    assert.ok(!viewer.frames.some((f) => f.includes(secret)), 'no frame to the viewer carried the value')
    const read = await viewer.event('motto.change')
    assert.equal(valueOf(read, 'out'), secret, 'the viewer reads the value through an output')
  })
})

describe('atomic read-modify-write', () => {
  it('ten sessions sending 50 increments each at once, to an async function, end at exactly 500', async () => {
    const counter = counterApp()
    const url = await serve(counter.declare)
    const pages = await Promise.all(Array.from({ length: 10 }, () => connect(url, counterPage)))
    const results = await Promise.all(pages.map((page) => burst(page, 'inc.click', 50)))
    for (const [p, events] of results.entries()) {
      for (const [i, result] of events.entries()) {
        assertOk(result, `event ${i} of page ${p}`)
        assert.deepEqual(result.updates.map((u) => u.changed), [['count']], `event ${i} of page ${p} changed the count`)
      }
    }
    assert.equal(counter.handle().get(), 500)
    assert.equal(valueOf(await pages[3]!.event('show.click'), 'out'), 500)
  })

  it('a failed event writes no global, even one it mutated in place before throwing', async () => {
    const url = await serve((app) => {
      app.global('list', ['a'])
      app.fn('spoil', (list: string[]) => {
        list.push('spoiled')
        throw new Error('broken on purpose')
      })
      app.fn('append', (list: string[]) => {
        list.push('b')
        return list
      })
      app.fn('read', (list: string[]) => list)
    }, { log: captureLog().log })
    const page = await connect(url, graph({ controls: ['out'], globals: ['list'], listeners: [on('spoil.click', 'spoil', 'list', 'list'), on('append.click', 'append', 'list', 'list'), on('show.click', 'read', 'list', 'out')] }))
    const viewer = await connect(url, graph({ globals: ['list'] }))
    const spoiled = await page.event('spoil.click')
    assert.equal(spoiled.ends[0]?.ok, false)
    assert.deepEqual(spoiled.updates, [])
    assert.deepEqual(valueOf(await page.event('show.click'), 'out'), ['a'])
    assert.deepEqual(await beforePong(viewer), [], 'nothing was published')
    // Mutating the list it was given and returning it is a change.
    const appended = await page.event('append.click')
    assert.deepEqual(appended.updates.map((u) => u.changed), [['list']])
    assert.deepEqual(await viewer.next('the notice'), { t: 'changed', names: ['list'] })
    assert.deepEqual(valueOf(await page.event('show.click'), 'out'), ['a', 'b'])
  })
})

describe('reads and equal writes', () => {
  it('a page that connects later reads the current value on load', async () => {
    const counter = counterApp(40)
    const loadPage = graph({
      controls: ['out'],
      globals: ['count'],
      listeners: [on('load', 'read', 'count', 'out'), on('inc.click', 'inc', 'count', 'count')],
    })
    const url = await serve(counter.declare)
    const first = await connect(url, loadPage)
    assert.equal(valueOf(await first.event('load'), 'out'), 40)
    for (let i = 0; i < 3; i++) assertOk(await first.event('inc.click'), `increment ${i}`)
    const later = await connect(url, loadPage)
    assert.equal(valueOf(await later.event('load'), 'out'), 43)
    // Set from server code while no page is open: the next page still reads it.
    await first.close()
    await later.close()
    await counter.handle().set(7)
    const latest = await connect(url, loadPage)
    assert.equal(valueOf(await latest.event('load'), 'out'), 7)
  })

  it('an equal value written by a listener publishes nothing and reports no change', async () => {
    const url = await serve((app) => {
      app.global('prefs', { theme: 'dark', sizes: [1, 2] })
      app.fn('same', () => ({ theme: 'dark', sizes: [1, 2] }))
      app.fn('touch', (prefs: { theme: string }) => prefs)
      app.fn('read', (prefs: unknown) => prefs)
    })
    const writer = await connect(url, graph({
      controls: ['out'],
      globals: ['prefs'],
      listeners: [on('same.click', 'same', '', 'prefs'), on('touch.click', 'touch', 'prefs', 'prefs'), on('prefs.change', 'read', 'prefs', 'out')],
    }))
    const viewer = await connect(url, graph({ globals: ['prefs'] }))
    for (const trigger of ['same.click', 'touch.click']) {
      const result = await writer.event(trigger)
      assertOk(result, trigger)
      assert.deepEqual(result.updates, [], `${trigger}: no change reported`)
      assert.deepEqual(result.ends.map((e) => e.l), [trigger === 'same.click' ? 0 : 1], `${trigger}: prefs.change did not fire`)
    }
    assert.deepEqual(await beforePong(viewer), [], 'nothing was published')
  })
})

describe('the handle of app.global', () => {
  it('get() returns a copy: mutating it, or what was declared or set, changes nothing', async () => {
    let handle!: GlobalHandle<{ tags: string[] }>
    const initial = { tags: ['a'] }
    const url = await serve((app) => {
      handle = app.global('cfg', initial)
      app.fn('read', (cfg: unknown) => cfg)
    })
    initial.tags.push('mutated-after-declaring')
    const got = handle.get()
    got.tags.push('mutated-copy')
    assert.deepEqual(handle.get(), { tags: ['a'] })
    assert.notEqual(handle.get(), handle.get(), 'each get() is a fresh copy')
    const page = await connect(url, graph({ controls: ['out'], globals: ['cfg'], listeners: [on('show.click', 'read', 'cfg', 'out')] }))
    assert.deepEqual(valueOf(await page.event('show.click'), 'out'), { tags: ['a'] })
    const value = { tags: ['b'] }
    await handle.set(value)
    value.tags.push('mutated-after-set')
    const updated = await handle.update((cfg) => {
      cfg.tags.push('c')
      return cfg
    })
    updated.tags.push('mutated-after-update')
    assert.deepEqual(handle.get(), { tags: ['b', 'c'] })
    assert.deepEqual(valueOf(await page.event('show.click'), 'out'), { tags: ['b', 'c'] })
  })

  it('set() and update() publish to every page that shows the global; an equal value publishes nothing', async () => {
    const closed = hookRecorder()
    const counter = counterApp(0, (app) => app.onClose(closed.hook))
    const url = await serve(counter.declare)
    const h = () => counter.handle()
    // Connected first, so that it may be the socket the server publishes from: it still hears nothing.
    const quiet = await connect(url, graph({ controls: ['a', 'b'], listeners: [on('go.click', 'read', 'a', 'b')] }))
    const viewers = [await connect(url, counterPage), await connect(url, counterPage)]
    await h().set(5)
    for (const viewer of viewers) assert.deepEqual(await viewer.next('the notice of set()'), { t: 'changed', names: ['count'] })
    assert.equal(await h().update(async (n) => (await tick(), n + 1)), 6)
    for (const viewer of viewers) assert.deepEqual(await viewer.next('the notice of update()'), { t: 'changed', names: ['count'] })
    assert.deepEqual(await beforePong(quiet), [])
    assert.equal(valueOf(await viewers[1]!.event('show.click'), 'out'), 6)
    // Equal values: nothing to publish.
    await h().set(6)
    await h().update((n) => n)
    for (const viewer of viewers) assert.deepEqual(await beforePong(viewer), [], 'an equal value publishes nothing')
    // With only pages that show the global open, the server publishes from one of them: both still hear.
    await quiet.close()
    await closed.next('the quiet page’s onClose')
    await h().set(9)
    for (const viewer of viewers) assert.deepEqual(await viewer.next('the notice of set()'), { t: 'changed', names: ['count'] })
    for (const viewer of viewers) assert.deepEqual(await beforePong(viewer), [], 'once each')
  })

  it('update() is atomic with listeners’ runs: interleaved with 200 events, 200 async updates end at exactly 400', async () => {
    const counter = counterApp()
    const url = await serve(counter.declare)
    const pages = await Promise.all(Array.from({ length: 5 }, () => connect(url, counterPage)))
    const updates: Array<Promise<number>> = []
    const events = pages.map((page) => burst(page, 'inc.click', 40))
    for (let i = 0; i < 200; i++) {
      updates.push(
        counter.handle().update(async (n) => {
          await tick()
          return n + 1
        }),
      )
    }
    const [results, returned] = await Promise.all([Promise.all(events), Promise.all(updates)])
    for (const events of results) for (const result of events) assertOk(result, `event ${result.id}`)
    assert.equal(new Set(returned).size, 200, 'each update() saw a value no other did')
    assert.equal(counter.handle().get(), 400)
    assert.equal(valueOf(await pages[0]!.event('show.click'), 'out'), 400)
  })
})

describe('onOpen and onClose', () => {
  it('runs onOpen for a new session and for a resumed one, and onClose when a socket closes', async () => {
    const opened = hookRecorder()
    const closed = hookRecorder()
    const url = await serve((app) => {
      app.onOpen(opened.hook)
      app.onClose(closed.hook)
      app.fn('read', (x: unknown) => x)
    })
    const page = await connect(url, graph({ controls: ['a', 'b'], listeners: [on('go.click', 'read', 'a', 'b')] }))
    assert.equal(await opened.next('onOpen of the new session'), page.session)
    assert.deepEqual(closed.ids, [], 'no onClose while the socket is open')
    await page.close()
    assert.equal(await closed.next('onClose'), page.session)
    const again = await resume(url, graph({ controls: ['a', 'b'], listeners: [on('go.click', 'read', 'a', 'b')] }), page)
    assert.equal(again.welcome.resumed, true)
    assert.equal(await opened.next('onOpen of the resumed session'), page.session)
    await again.close()
    assert.equal(await closed.next('onClose of the resumed socket'), page.session)
    assert.deepEqual(opened.ids, [page.session, page.session])
    assert.deepEqual(closed.ids, [page.session, page.session])
  })

  it('logs an onOpen or onClose that throws or rejects, runs the others, and the socket and server go on', async () => {
    const logged = captureLog()
    const errors = { count: 0, next: gate() }
    const log = {
      warn: logged.log.warn,
      error: (...args: unknown[]) => {
        logged.log.error(...args)
        errors.count++
        errors.next.open()
      },
    }
    const opened = hookRecorder()
    const closed = hookRecorder()
    const url = await serve((app) => {
      app.onOpen(() => {
        throw new Error('onOpen broke 5e1d')
      })
      app.onOpen(opened.hook)
      app.onClose(async () => {
        await tick()
        throw new Error('onClose broke 77ab')
      })
      app.onClose(closed.hook)
      app.fn('read', (x: unknown) => x)
    }, { log })
    const pageGraph = graph({ controls: ['a', 'b'], listeners: [on('go.click', 'read', 'a', 'b')] })
    const page = await connect(url, pageGraph)
    assert.equal(await opened.next('the second onOpen'), page.session)
    await within(errors.next.promise, 'the log of onOpen')
    assert.match(logged.text(), /onOpen broke 5e1d/)
    assert.equal(valueOf(await page.event('go.click', { a: 'still here' }), 'b'), 'still here', 'the socket goes on')
    errors.next = gate()
    await page.close()
    assert.equal(await closed.next('the second onClose'), page.session)
    await within(errors.next.promise, 'the log of onClose')
    assert.match(logged.text(), /onClose broke 77ab/)
    const again = await resume(url, pageGraph, page)
    assert.equal(again.welcome.resumed, true, 'the session was kept')
    assert.equal(valueOf(await again.event('go.click', { a: 'back' }), 'b'), 'back')
    assert.equal(errors.count, 3, 'two onOpen failures and one onClose failure were logged')
  })
})

describe('resume', () => {
  it('a page whose socket dropped while the global changed hears changed for it when it resumes, and hears changes live again', async () => {
    const closed = hookRecorder()
    const counter = counterApp(0, (app) => app.onClose(closed.hook))
    const url = await serve(counter.declare)
    const away = await connect(url, counterPage)
    const writer = await connect(url, counterPage)
    await away.close()
    await closed.next('the server sees the socket close')
    assertOk(await writer.event('inc.click'), 'a write while the page is away')
    const back = await resume(url, counterPage, away)
    assert.equal(back.welcome.resumed, true)
    assert.deepEqual(back.welcome.problems, [])
    const missed = await back.next('the changes missed while away')
    assert.equal(missed.t, 'changed')
    assert.ok(noticed([missed]).includes('count'), `the notice names count: ${JSON.stringify(missed)}`)
    assert.equal(valueOf(await back.event('show.click'), 'out'), 1)
    // Subscribed again on its new socket.
    assertOk(await writer.event('inc.click'), 'a write after the return')
    assert.deepEqual(await back.next('the live notice'), { t: 'changed', names: ['count'] })
  })

  it('a page whose connection died before the server noticed hears, on resume, the changes published into the dead connection', async () => {
    const closed = hookRecorder()
    const counter = counterApp(0, (app) => app.onClose(closed.hook))
    const url = await serve(counter.declare)
    const network = await relay(url)
    try {
      const away = await connect(network.url, counterPage)
      const writer = await connect(url, counterPage)
      // The page's network goes (a laptop lid closing, a phone leaving coverage); the server does not know yet.
      network.cut()
      // The server sends the notice (before the writer's done) into the dead connection: it is lost.
      assertOk(await writer.event('inc.click'), 'a write while the connection is dead')
      network.serverNotices()
      assert.equal(await closed.next('the server sees the socket close'), away.session)
      assert.ok(!away.frames.some((f) => f.includes('"changed"')), 'the page never got the notice')
      // The page reconnects (over a network that works) and resumes its session.
      const back = await resume(url, counterPage, away)
      assert.equal(back.welcome.resumed, true)
      const heard = await beforePong(back)
      assert.ok(
        noticed(heard).includes('count'),
        `the page must learn that count changed while it was away, or it shows a stale value until the next change; it got ${JSON.stringify(heard)}`,
      )
    } finally {
      await network.close()
    }
  })
})

describe('mistakes', () => {
  it('a page that names a global the server did not declare gets a problem naming it, and the rest works', async () => {
    const counter = counterApp()
    const url = await serve(counter.declare)
    const typo = await connect(url, { ...counterPage, globals: ['count', 'visitorz'] })
    assert.equal(typo.welcome!.problems.length, 1, JSON.stringify(typo.welcome!.problems))
    assert.match(typo.welcome!.problems[0]!, /'visitorz'/)
    assert.match(typo.welcome!.problems[0]!, /app\.global/)
    assertOk(await typo.event('inc.click'), 'the declared global still works')
    assert.equal(counter.handle().get(), 1)
  })

  it('a page that uses a global’s name for a control gets a problem naming it', async () => {
    const url = await serve(counterApp().declare)
    const page = await connect(url, graph({ controls: ['count', 'out'], listeners: [on('show.click', 'read', 'count', 'out')] }))
    assert.ok(page.welcome!.problems.some((p) => p.includes("'count'")), JSON.stringify(page.welcome!.problems))
  })

  it('a page that declares a session state (<g-state>) with a global’s name gets a problem naming it', async () => {
    const counter = counterApp()
    const url = await serve(counter.declare)
    const page = await connect(url, graph({ states: { count: 100 }, controls: ['out'], listeners: [on('inc.click', 'inc', 'count', 'count'), on('show.click', 'read', 'count', 'out')] }))
    const other = await connect(url, counterPage)
    assertOk(await page.event('inc.click'), 'the increment')
    const problems = page.welcome!.problems
    // Otherwise the page's listeners silently use a state of their own session, and share nothing.
    assert.ok(
      problems.some((p) => p.includes("'count'")),
      `expected a problem naming 'count' (the global is ${counter.handle().get()}, the page's increment went to ${JSON.stringify((await page.event('show.click')).updates)}); problems: ${JSON.stringify(problems)}`,
    )
    assert.deepEqual(other.welcome!.problems, [])
  })

  it('app.global with a name app.state already uses throws, and so does app.state with a global’s name', () => {
    const app = createApp()
    apps.push(app)
    app.state('cart', { value: [] })
    assert.throws(() => app.global('cart', 0), /'cart'/)
    app.global('visitors', 0)
    assert.throws(() => app.state('visitors', { value: 0 }), /'visitors'/, 'a state may not take a global’s name either')
  })

  it('two apps mounted on one h3 server, with a global of the same name, do not hear each other’s changes', async () => {
    const handles: Array<GlobalHandle<number>> = []
    const h3 = new H3()
    for (const base of ['/a', '/b']) {
      const app = createApp()
      apps.push(app)
      handles.push(app.global('count', 0))
      app.fn('inc', (n: number) => n + 1)
      app.fn('read', (n: number) => n)
      h3.mount(base, app.handler)
    }
    const server = await listen(h3, { port: 0 })
    servers.push(server)
    const urlA = new URL('a/', server.url).href
    const urlB = new URL('b/', server.url).href
    const [a1, a2, b1, b2] = [await connect(urlA, counterPage), await connect(urlA, counterPage), await connect(urlB, counterPage), await connect(urlB, counterPage)]
    assertOk(await a1.event('inc.click'), 'the write in app a')
    assert.deepEqual(await a2.next('the notice in app a'), { t: 'changed', names: ['count'] })
    for (const b of [b1, b2]) assert.deepEqual(await beforePong(b), [], 'app b hears nothing of app a')
    assert.equal(valueOf(await b1.event('show.click'), 'out'), 0)
    assert.deepEqual(handles.map((h) => h.get()), [1, 0])
    // From server code too.
    await handles[1]!.set(10)
    for (const b of [b1, b2]) assert.deepEqual(await b.next('the notice in app b'), { t: 'changed', names: ['count'] })
    for (const a of [a1, a2]) assert.deepEqual(await beforePong(a), [], 'app a hears nothing of app b')
    assert.equal(valueOf(await a2.event('show.click'), 'out'), 1)
  })
})
