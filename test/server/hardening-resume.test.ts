// Hardening, resumes: no update lost or doubled when sockets are cut and pages resume; results
// replayed after a resume, once per socket, and kept within their bound in bytes; a socket that
// does not read is closed, not fed.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import type { Peer } from 'crossws'
import type { App } from 'g-kit/server'
import { coreOf } from '../../server/app.js'
import { PROTOCOL_VERSION, SOCKET_PATH, type AppGraph, type ErrorMessage, type EventMessage, type ServerMessage, type UpdateMessage, type WelcomeMessage } from '../../server/protocol.js'
import { captureLog, closeAll, gate, graph, on, WAIT_MS, within } from './_ws.js'
import { closeRaws, counterApp, counterPage, rawHello, rawOpen, type Raw } from './_hardening.js'

// =====================================================================================
// d. no lost updates: many sessions, rapid events, cut sockets, resumed pages
// =====================================================================================

/**
 * A page's connection as elements/client/connection.ts keeps it: events stay unfinished until
 * their `done` (or an error naming them); after a drop it resumes with the welcome's token and
 * sends again, in order, every unfinished event, each with the `ack` it first went with.
 */
class ResumingPage {
  socket?: WebSocket
  welcome?: WelcomeMessage
  readonly welcomes: WelcomeMessage[] = []
  readonly unfinished = new Map<number, EventMessage>()
  /** How many times each event's `done` arrived. */
  readonly dones = new Map<number, number>()
  /** Every value shown by the page's `shown` control, with its event. */
  readonly shown: Array<[number, unknown]> = []
  readonly errors: ServerMessage[] = []
  lastDone = 0
  /** Called at each `done`, on the socket it came on. */
  onDone?: (id: number) => void
  #waiters = new Set<() => void>()

  constructor(
    readonly url: string,
    readonly page: AppGraph,
  ) {}

  /** Opens a socket, says hello (resuming once it has a token), and sends again what is unfinished. */
  async connect(): Promise<WelcomeMessage> {
    const socket = (this.socket = new WebSocket(new URL(SOCKET_PATH, this.url)))
    this.welcome = undefined
    socket.on('error', () => {})
    socket.on('message', (data) => {
      if (socket !== this.socket) return // a dropped socket's last frames, as the page's connection ignores them
      try {
        this.#receive(JSON.parse(data.toString()) as ServerMessage[])
      } catch {
        this.errors.push({ t: 'error', message: `test page: the server sent a frame that is not JSON: ${data.toString().slice(0, 100)}` })
      }
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve)
      socket.once('error', reject)
    })
    const resume = this.welcomes.at(-1)?.resume
    socket.send(JSON.stringify({ t: 'hello', v: PROTOCOL_VERSION, graph: this.page, ...(resume && { resume }) }))
    const welcome = await this.when(() => this.welcome, 'the welcome')
    for (const event of this.unfinished.values()) socket.send(JSON.stringify(event))
    return welcome
  }

  send(id: number, trigger: string): void {
    const event: EventMessage = { t: 'event', id, trigger, values: {}, ...(this.lastDone && { ack: this.lastDone }) }
    this.unfinished.set(id, event)
    if (this.welcome) this.socket!.send(JSON.stringify(event))
  }

  /** The network drops: no closing handshake, and whatever was in flight is lost. */
  cut(): void {
    this.socket!.terminate()
    this.socket = undefined
    this.welcome = undefined
  }

  close(): void {
    this.socket?.terminate()
    this.socket = undefined
  }

  when<T>(check: () => T | undefined | false, what: string, ms = WAIT_MS): Promise<T> {
    const now = check()
    if (now) return Promise.resolve(now)
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter)
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; unfinished: ${[...this.unfinished.keys()].join(' ')}`))
      }, ms)
      const waiter = () => {
        const value = check()
        if (!value) return
        this.#waiters.delete(waiter)
        clearTimeout(timer)
        resolve(value)
      }
      this.#waiters.add(waiter)
    })
  }

  #receive(messages: ServerMessage[]): void {
    for (const m of messages) {
      if (m.t === 'welcome') {
        this.welcome = m
        this.welcomes.push(m)
      } else if (m.t === 'update' && m.values && 'shown' in m.values) this.shown.push([m.e, m.values.shown])
      else if (m.t === 'done') {
        this.dones.set(m.e, (this.dones.get(m.e) ?? 0) + 1)
        this.unfinished.delete(m.e)
        this.lastDone = m.e
        this.onDone?.(m.e)
      } else if (m.t === 'error') {
        this.errors.push(m)
        if (m.e !== undefined) this.unfinished.delete(m.e)
      }
    }
    for (const waiter of [...this.#waiters]) waiter()
  }
}

describe('d. no lost updates', () => {
  const logged = captureLog()
  let app: App
  let url: string
  const pages: ResumingPage[] = []
  before(async () => {
    app = counterApp({ log: logged.log })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    for (const page of pages.splice(0)) page.close()
    closeRaws()
    await closeAll()
    await app.close()
  })

  it('applies every increment of 200 sessions × 200 rapid events exactly once, with 1 socket in 5 cut midway and resumed', async () => {
    const SESSIONS = 200
    const EVENTS = 200
    const HALF = EVENTS / 2
    const run = async (i: number): Promise<{ cut: boolean; resent: number; doubled: number }> => {
      const page = new ResumingPage(url, counterPage)
      pages.push(page)
      await page.connect()
      // 1 in 5 is cut: half of those when the done of event 30 arrives (events done on the server
      // are lost in flight), the others right after sending event 100 (events not even sent are lost).
      const cut = i % 5 === 0
      let cutDone: Promise<unknown> = Promise.resolve()
      let resent = 0
      const reconnect = async () => {
        page.cut()
        resent = page.unfinished.size
        const welcome = await page.connect()
        assert.equal(welcome.resumed, true, `session ${i} was not resumed`)
      }
      if (cut && i % 10 === 0) {
        const reached = new Promise<void>((resolve) => (page.onDone = (id) => id >= 30 && resolve()))
        cutDone = reached.then(() => {
          page.onDone = undefined
          return reconnect()
        })
      }
      for (let id = 1; id <= HALF; id++) page.send(id, 'inc.click')
      if (cut && i % 10 !== 0) cutDone = reconnect()
      await cutDone
      for (let id = HALF + 1; id <= EVENTS; id++) page.send(id, 'inc.click')
      await page.when(() => page.dones.size === EVENTS && page.unfinished.size === 0, `the ${EVENTS} dones of session ${i}`, 20_000)
      page.send(EVENTS + 1, 'read.click')
      await page.when(() => page.dones.has(EVENTS + 1), `the read of session ${i}`)
      assert.deepEqual(page.errors, [], `session ${i} got errors`)
      const read = page.shown.find(([e]) => e === EVENTS + 1)?.[1]
      assert.equal(read, EVENTS, `session ${i} (${cut ? 'cut' : 'never cut'}) counted ${read} for ${EVENTS} increments`)
      // Each increment showed its own new value: 1 to 200, none missing (a lost reply was replayed).
      const values = new Set(page.shown.filter(([e]) => e <= EVENTS).map(([, v]) => v))
      assert.equal(values.size, EVENTS, `session ${i} saw ${values.size} distinct values`)
      assert.equal(Math.max(...(values as Set<number>)), EVENTS)
      page.close()
      return { cut, resent, doubled: [...page.dones.values()].filter((n) => n > 1).length }
    }
    const results = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => run(i)))
    const cut = results.filter((r) => r.cut)
    assert.equal(cut.length, SESSIONS / 5)
    assert.ok(cut.some((r) => r.resent > 0), 'no cut page had unfinished events to send again: the cuts tested nothing')
    assert.deepEqual(logged.calls, [], logged.text())
    const doubled = results.reduce((n, r) => n + r.doubled, 0)
    console.log(`${cut.length} sockets cut; ${cut.reduce((n, r) => n + r.resent, 0)} events sent again; ${doubled} dones received twice`)
  })
})

describe('d. replay after a resume', () => {
  let app: App
  let url: string
  /** `held` waits for this before it increments: the test opens it when it is ready. */
  let release = gate()
  let started = gate()
  let runs = 0
  let ranAll = gate()
  let expectedRuns = 0
  let closed = gate()
  /** The session whose socket close `closed` waits for. */
  let watched: string | undefined
  const heldPage = graph({ controls: ['held', 'read', 'shown'], listeners: [on('held.click', 'held', 'count', 'count shown'), on('read.click', 'show', 'count', 'shown')], serverStates: ['count'] })

  before(async () => {
    app = counterApp({ closedTtl: 60 })
    app.fn('held', async (n: number) => {
      started.open()
      await release.promise
      if (++runs === expectedRuns) ranAll.open()
      return [n + 1, n + 1]
    })
    app.onClose(({ session }) => session.id === watched && closed.open())
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    closeRaws()
    await closeAll()
    await app.close()
  })

  /**
   * Sends `count` held events, cuts the socket once the first is running, and resumes on a new one
   * once the server saw the close; with `finishFirst`, only after every event has finished.
   */
  async function cutWhileHeld(count: number, finishFirst = false): Promise<{ resumed: Raw; ids: number[] }> {
    release = gate()
    started = gate()
    ranAll = gate()
    closed = gate()
    runs = 0
    expectedRuns = count
    const first = await rawOpen(url)
    const welcome = await rawHello(first, heldPage)
    const ids = Array.from({ length: count }, (_, i) => i + 1)
    for (const id of ids) first.send({ t: 'event', id, trigger: 'held.click', values: {} })
    // The pong comes once the server has taken every event before it.
    first.send({ t: 'ping' })
    await first.when(() => first.messages.some((m) => m.t === 'pong'), 'the server to take the events')
    await within(started.promise, 'the first held event to start')
    watched = welcome.session
    first.terminate()
    await within(closed.promise, 'the server to see the socket close')
    if (finishFirst) {
      // Every event runs and finishes while no socket is attached: only a replay can bring its results.
      release.open()
      await within(ranAll.promise, `the ${count} held events to run`)
    }
    const resumed = await rawOpen(url)
    const again = await rawHello(resumed, heldPage, welcome.resume)
    assert.equal(again.resumed, true)
    return { resumed, ids }
  }

  /** How many times each event's done reached `raw`. */
  function doneCounts(raw: Raw, ids: number[]): Map<number, number> {
    const counts = new Map(ids.map((id) => [id, 0]))
    for (const m of raw.messages) if (m.t === 'done') counts.set(m.e, (counts.get(m.e) ?? 0) + 1)
    return counts
  }

  /**
   * Sends the events again, as the page does after a resume, then a new event that reads the count,
   * and resolves with the count once that read is done: whatever answers the events sent again
   * comes before it (sent at once, or queued in order).
   */
  async function sendAgain(raw: Raw, ids: number[]): Promise<unknown> {
    for (const id of ids) raw.send({ t: 'event', id, trigger: 'held.click', values: {} })
    const read = ids.length + 1
    raw.send({ t: 'event', id: read, trigger: 'read.click', values: {} })
    await raw.when(() => raw.messages.some((m) => m.t === 'done' && m.e === read), 'the read after the events sent again')
    return raw.messages.find((m): m is UpdateMessage => m.t === 'update' && m.e === read)?.values?.shown
  }

  it('keeps the results of every event the page has not acknowledged, even past 128 events in flight, so that each reaches the page after a resume', async () => {
    const { resumed, ids } = await cutWhileHeld(200, true)
    assert.equal(await sendAgain(resumed, ids), 200, 'an event was applied other than once')
    const missing = [...doneCounts(resumed, ids)].filter(([, n]) => n === 0).map(([id]) => id)
    assert.equal(
      missing.length ? `${missing.length} events, ${missing[0]}–${missing.at(-1)}` : 'none',
      'none',
      'events whose done never reached the page after the resume: it waits for them forever and sends them at every reconnect',
    )
  })
})

// =====================================================================================
// e. what a session keeps and what a socket holds, bounded in bytes
// =====================================================================================

describe('e. kept results and unread sockets', () => {
  const logged = captureLog()
  let app: App
  let url: string
  let marked = gate()
  const echoPage = graph({ controls: ['go', 'in', 'out', 'mark'], listeners: [on('go.click', 'echo', 'in', 'out'), on('mark.click', 'mark', '', '')] })
  before(async () => {
    app = counterApp({ log: logged.log })
    app.fn('echo', (x: unknown) => x)
    app.fn('mark', () => void marked.open())
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    closeRaws()
    await closeAll()
    await app.close()
  })

  /** Sends events 1..`count`, each echoing `size` characters, without acknowledging any; resolves at the last done. */
  async function echoes(raw: Raw, count: number, size: number): Promise<void> {
    const pad = 'x'.repeat(size)
    for (let id = 1; id <= count; id++) raw.send({ t: 'event', id, trigger: 'go.click', values: { in: `${id}:${pad}` } })
    await raw.when(() => raw.messages.some((m) => m.t === 'done' && m.e === count), `the done of event ${count}`)
  }

  it('keeps at most maxKeptResults (256 KiB) of results for a page that never acknowledges: the newest; an acknowledgement frees them', async () => {
    const raw = await rawOpen(url)
    const welcome = await rawHello(raw, echoPage)
    await echoes(raw, 300, 4000) // 1.2 MB of results
    const session = coreOf(app).sessions.get(welcome.session)!
    assert.ok(session.keptBytes <= 1 << 18, `the session keeps ${session.keptBytes} bytes of results`)
    assert.ok(session.keptBytes > (1 << 18) - 8192, `the session keeps only ${session.keptBytes} bytes: not the newest up to the bound`)
    // A resume: the oldest are gone, the newest replay.
    raw.terminate()
    const again = await rawOpen(url)
    await rawHello(again, echoPage, welcome.resume)
    for (const id of [1, 300]) again.send({ t: 'event', id, trigger: 'go.click', values: {} })
    again.send({ t: 'event', id: 301, trigger: 'mark.click', values: {} })
    await again.when(() => again.messages.some((m) => m.t === 'done' && m.e === 301), 'the done of event 301')
    const forgotten = again.messages.find((m): m is ErrorMessage => m.t === 'error' && m.e === 1)
    assert.match(forgotten?.message ?? '', /event 1 was already sent, and its results are no longer kept/)
    const replayed = again.messages.find((m): m is UpdateMessage => m.t === 'update' && m.e === 300)
    assert.equal(String(replayed?.values?.out).slice(0, 4), '300:', 'the newest event was not replayed')
    again.send({ t: 'ping', ack: 301 })
    await again.when(() => again.messages.some((m) => m.t === 'pong'), 'the pong')
    assert.equal(session.keptBytes, 0, 'acknowledged results are still kept')
  })

  it('replays an event once per socket: old ids sent again and again to a socket that stopped reading do not grow what the server holds', async () => {
    const raw = await rawOpen(url)
    const welcome = await rawHello(raw, echoPage)
    await echoes(raw, 50, 4000) // 200 KB kept
    const peer = coreOf(app).sessions.get(welcome.session)!.socket as Peer
    // The client stops reading: whatever the server sends to it piles up.
    ;(raw.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()
    marked = gate()
    for (let round = 0; round < 100; round++) for (let id = 1; id <= 50; id++) raw.send({ t: 'event', id, trigger: 'go.click', values: {} })
    raw.send({ t: 'event', id: 51, trigger: 'mark.click', values: {} })
    await within(marked.promise, 'the server to take every frame')
    // 100 rounds of 200 KB would be 20 MB; once is 200 KB, which the kernel's buffers take.
    assert.ok(peer.bufferedAmount < 1 << 20, `${peer.bufferedAmount} bytes wait for a socket that does not read`)
    ;(raw.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    await raw.when(() => raw.messages.some((m) => m.t === 'done' && m.e === 51), 'the done of event 51')
    const updates = new Map<number, number>()
    for (const m of raw.messages) if (m.t === 'update') updates.set(m.e, (updates.get(m.e) ?? 0) + 1)
    assert.ok([...updates.values()].every((n) => n <= 2), 'an event was replayed more than once on one socket')
    assert.deepEqual(logged.calls, [], logged.text())
  })
})

describe('e. a socket that does not read', () => {
  const logged = captureLog()
  let app: App
  let url: string
  const warned = gate()
  before(async () => {
    app = counterApp({ maxBuffered: 1 << 16, log: { ...logged.log, warn: (...args: unknown[]) => (logged.log.warn(...args), warned.open()) } })
    app.fn('blob', (n: number) => `${n}`.padEnd(1 << 20, 'z'))
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    closeRaws()
    await closeAll()
    await app.close()
  })

  it('is sent nothing past maxBuffered and closed with a reason (1008); its session resumes', async () => {
    const page = graph({ controls: ['go', 'in', 'out'], listeners: [on('go.click', 'blob', 'in', 'out')] })
    const raw = await rawOpen(url)
    const welcome = await rawHello(raw, page)
    const peer = coreOf(app).sessions.get(welcome.session)!.socket as Peer
    const socket = (raw.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    socket.pause()
    // 1 MB per event: the kernel's buffers fill, then the server's; past 64 KiB it stops.
    let id = 0
    while (!logged.calls.some((c) => c.level === 'warn') && id < 200) {
      raw.send({ t: 'event', id: ++id, trigger: 'go.click', values: { in: id } })
      raw.send({ t: 'ping' })
      // Let the server take the frames sent so far (a turn of the event loop, not a timed wait).
      if (id % 10 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await within(warned.promise, 'the server to give up on the socket')
    assert.match(logged.text(), /left more than 65536 bytes unread \(maxBuffered\)/)
    assert.ok(peer.bufferedAmount <= (1 << 16) + (1 << 21), `${peer.bufferedAmount} bytes wait for the socket`)
    socket.resume()
    const closed = await raw.when(() => raw.closed, 'the socket to close')
    assert.equal(closed.code, 1008)
    assert.match(closed.reason, /does not read/)
    const again = await rawOpen(url)
    const resumed = await rawHello(again, page, welcome.resume)
    assert.equal(resumed.resumed, true)
  })
})
