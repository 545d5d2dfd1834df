// Hardening, a custom store that fails: each method (load, save, delete) throwing at once or
// rejecting, in an event, on eviction, on expiry and at close. The event fails or the session
// ends, with a log line; the server and its other sessions go on.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, memoryStore, type App, type SessionStore } from 'g-kit/server'
import { coreOf } from '../../server/app.js'
import { sweep } from '../../server/session/lifecycle.js'
import { captureLog, closeAll, connect, gate, graph, on, within } from './_ws.js'
import { counterPage, shownOf } from './_hardening.js'

type Method = 'load' | 'save' | 'delete'
type Mode = 'sync' | 'async'

/** A memory store whose methods fail while `failing` names them: throwing at once, or rejecting. */
function failingStore(failing: Partial<Record<Method, Mode>>): SessionStore {
  const inner = memoryStore()
  const fail = (method: Method): never | Promise<never> => {
    const error = new Error(`the store's ${method} failed`)
    if (failing[method] === 'sync') throw error
    return Promise.reject(error)
  }
  return {
    load: (id) => (failing.load ? fail('load') : inner.load(id)),
    save: (id, changes, removed) => (failing.save ? fail('save') : inner.save(id, changes, removed)),
    delete: (id) => (failing.delete ? fail('delete') : inner.delete(id)),
  }
}

const modes: Mode[] = ['sync', 'async']

describe('a store that fails', () => {
  const logged = captureLog()
  const failing: Partial<Record<Method, Mode>> = {}
  let app: App
  let url: string
  let closed = gate<string>()
  before(async () => {
    app = createApp({ log: logged.log, store: failingStore(failing), maxSessions: 3 })
    app.state('count', { value: 0 })
    app.fn('increment', (n: number) => [n + 1, n + 1])
    app.fn('show', (n: number) => n)
    app.onClose(({ session }) => closed.open(session.id))
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  /** Fails `method` so while `f` runs, then checks that a log line names the failure and that a new session works. */
  async function whileFailing(method: Method, mode: Mode, f: () => Promise<void>): Promise<void> {
    const from = logged.calls.length
    failing[method] = mode
    try {
      await f()
    } finally {
      delete failing[method]
    }
    const lines = logged.calls.slice(from).filter((c) => c.level === 'error')
    const text = lines.flatMap((c) => c.args).map((a) => (a instanceof Error ? a.message : String(a))).join('\n')
    assert.match(text, new RegExp(`the store's ${method} failed`), `no log line names the failing ${method}:\n${text}`)
    const page = await connect(url, counterPage)
    assert.equal(shownOf((await page.event('inc.click')).updates), 1, 'a new session does not work')
    await page.close()
  }

  for (const mode of modes) {
    it(`fails the event whose load ${mode === 'sync' ? 'throws' : 'rejects'}, and the session goes on`, async () => {
      const page = await connect(url, counterPage)
      await whileFailing('load', mode, async () => {
        const result = await page.event('inc.click')
        assert.deepEqual(result.errors.map((e) => e.message), ['the server could not run this event (details are in its log)'])
      })
      assert.equal(shownOf((await page.event('inc.click')).updates), 1)
      await page.close()
    })

    it(`fails the listener whose save ${mode === 'sync' ? 'throws' : 'rejects'}, and the session goes on`, async () => {
      const page = await connect(url, counterPage)
      await whileFailing('save', mode, async () => {
        const result = await page.event('inc.click')
        assert.ok(result.done || result.errors.length, 'the event did not end')
        assert.ok(result.errors.length || result.ends.some((e) => !e.ok), `the event went as if saved: ${JSON.stringify(result.messages)}`)
      })
      assert.ok([1, 2].includes(shownOf((await page.event('inc.click')).updates) as number))
      await page.close()
    })

    it(`ends an evicted session whose delete ${mode === 'sync' ? 'throws' : 'rejects'}, with a log line`, async () => {
      const open = await Promise.all([connect(url, counterPage), connect(url, counterPage), connect(url, counterPage)])
      const first = open[0]!
      closed = gate()
      await first.close()
      assert.equal(await within(closed.promise, 'the server to see the close'), first.session)
      await whileFailing('delete', mode, async () => {
        // The app is full: this page evicts the closed session.
        const page = await connect(url, counterPage)
        assert.equal(shownOf((await page.event('inc.click')).updates), 1)
        await page.close()
      })
      assert.ok(!coreOf(app).sessions.has(first.session!), 'the evicted session is still there')
      await closeAll()
    })

    it(`ends an expired session whose delete ${mode === 'sync' ? 'throws' : 'rejects'}, with a log line`, async () => {
      const page = await connect(url, counterPage)
      closed = gate()
      await page.close()
      await within(closed.promise, 'the server to see the close')
      await whileFailing('delete', mode, () => sweep(coreOf(app), Date.now() + 1e9))
      assert.ok(!coreOf(app).sessions.has(page.session!), 'the expired session is still there')
    })

    it(`logs a state's ttl reset whose load ${mode === 'sync' ? 'throws' : 'rejects'}, and the session goes on`, async () => {
      const page = await connect(url, graph({ states: [{ name: 'note', value: '', ttl: 60 }], controls: ['in', 'out'], listeners: [on('save.click', 'show', 'in', 'note'), on('read.click', 'show', 'note', 'out')] }))
      assert.deepEqual((await page.event('save.click', { in: 'kept' })).updates.map((u) => u.changed), [['note']])
      await whileFailing('load', mode, async () => {
        const from = logged.calls.length
        await sweep(coreOf(app), Date.now() + 120_000)
        // The reset runs in the session's queue: an event after it ends after it.
        await page.event('read.click').catch(() => undefined)
        assert.ok(logged.calls.length > from, 'the failed reset was not logged')
      })
      const read = await page.event('read.click')
      assert.deepEqual(read.errors, [])
      await page.close()
    })
  }
})

describe('a store whose delete fails when the app closes', () => {
  for (const mode of modes) {
    it(`closes the app all the same (${mode})`, async () => {
      const logged = captureLog()
      const failing: Partial<Record<Method, Mode>> = {}
      const app = createApp({ log: logged.log, store: failingStore(failing) })
      app.state('count', { value: 0 })
      app.fn('increment', (n: number) => [n + 1, n + 1])
      const { url } = await app.listen({ port: 0 })
      const page = await connect(url, counterPage)
      assert.equal(shownOf((await page.event('inc.click')).updates), 1)
      failing.delete = mode
      await within(app.close(), 'the app to close')
      assert.match(logged.text(), /the store's delete failed/)
    })
  }
})
