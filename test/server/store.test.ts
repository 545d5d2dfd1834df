// The session store: one suite that every store passes (unstorage-style), run against the memory
// store and against a real redis-server of the test's own. Two clients stand for two instances of
// one app: two connections on Redis, the one shared object in memory.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { memoryStore } from '../../server/store/memory.js'
import { redisStore } from '../../server/store/redis.js'
import { holdLease } from '../../server/store/lease.js'
import { UnstorableValueError, type DueClaim, type GlobalNotice, type SessionRecordFields, type SharedStore } from '../../server/store/types.js'
import { startRedis, type RedisServer } from '../_redis.js'
import { until } from './_ws.js'

/** Two clients of one store, and how to close them. */
interface Pair {
  a: SharedStore
  b: SharedStore
  close(): Promise<void>
}

function record(id: string, extra: Partial<SessionRecordFields> = {}): SessionRecordFields {
  return { id, secretHash: `hash-of-${id}`, spec: 'spec-1', deadlines: {}, ...extra }
}

/** Values that JSON cannot carry and a shared store must keep. */
const RICH = {
  map: new Map<unknown, unknown>([['k', new Set([1n, 2n])], [3, { deep: [new Date(5)] }]]),
  date: new Date(0),
  big: 10n ** 30n,
  bytes: new Uint8Array([1, 2, 255]),
  floats: new Float64Array([0.5, -0]),
  nested: [null, 'x', { y: -0, z: undefined }],
}

function storeSuite(open: () => Promise<Pair>, { serializes }: { serializes: boolean }): void {
  let pair: Pair
  let a: SharedStore
  let b: SharedStore
  before(async () => {
    pair = await open()
    ;({ a, b } = pair)
  })
  after(() => pair.close())

  it('keeps states: saves, loads, removes some, and deletes a session resolving what it held', async () => {
    await a.save('s1', new Map<string, unknown>([['cart', ['milk']], ['count', 2]]))
    assert.deepEqual(await b.load('s1'), new Map<string, unknown>([['cart', ['milk']], ['count', 2]]))
    await b.save('s1', new Map([['count', 3]]), ['cart'])
    assert.deepEqual(await a.load('s1'), new Map([['count', 3]]))
    assert.deepEqual(await a.delete('s1'), new Map([['count', 3]]))
    assert.equal(await b.load('s1'), undefined)
    assert.equal(await b.delete('s1'), undefined)
  })

  it('round-trips Map, Set, Date, BigInt and typed arrays through states, results and globals', async () => {
    await a.save('rich', new Map([['value', RICH]]))
    assert.deepStrictEqual((await b.load('rich'))?.get('value'), RICH)
    await a.putRecord(record('rich'), 60_000)
    assert.ok(await a.acquire('rich', 'A', 60_000))
    assert.equal(await a.commit({ session: 'rich', owner: 'A', event: 1, changes: new Map([['again', RICH]]), result: RICH }), 'committed')
    assert.deepStrictEqual((await b.load('rich'))?.get('again'), RICH)
    assert.deepStrictEqual((await b.getRecord('rich'))?.kept.get(1), RICH)
    assert.ok(await a.acquire('global:rich', 'A', 60_000))
    await a.writeGlobal('rich', RICH, 'A')
    assert.deepStrictEqual((await b.readGlobals(['rich'])).get('rich')?.value, RICH)
  })

  it('round-trips plain values exactly, and those JSON would change (-0, NaN, Infinity, a hole, undefined)', async () => {
    const values: unknown[] = ['text', '', 'ÿ', 7, 1.5, -1, true, null, ['a', 'b'], [], -0, NaN, Infinity, ['a', , 'b'], ['a', 1], undefined, { a: 1 }]
    const changes = new Map(values.map((value, i) => [`v${i}`, value]))
    await a.save('plain', changes)
    const loaded = await b.load('plain')
    for (const [name, value] of changes) assert.deepStrictEqual(loaded?.get(name), value, name)
    await a.putRecord(record('plain'), 60_000)
    assert.ok(await a.acquire('plain', 'A', 60_000))
    for (const [i, result] of values.entries()) {
      assert.equal(await a.commit({ session: 'plain', owner: 'A', event: i + 1, changes: new Map(), result }), 'committed')
      assert.deepStrictEqual((await b.getRecord('plain'))?.kept.get(i + 1), result, `result ${i}`)
    }
  })

  if (serializes) {
    it('refuses a value it cannot serialize with an error naming the state, and writes nothing', async () => {
      const refused = (what: string) => (error: unknown) => error instanceof UnstorableValueError && error.what === what && error.message.includes(what)
      await assert.rejects(async () => a.save('bad', new Map<string, unknown>([['ok', 1], ['socket', { send: () => {} }]])), refused(`state 'socket'`))
      assert.equal(await b.load('bad'), undefined)
      await a.putRecord(record('bad'), 60_000)
      assert.ok(await a.acquire('bad', 'A', 60_000))
      const changes = new Map<string, unknown>([['cart', [1]], ['lock', new Map([['k', Symbol('held')]])]])
      await assert.rejects(a.commit({ session: 'bad', owner: 'A', event: 1, changes, result: null }), refused(`state 'lock'`))
      await assert.rejects(a.commit({ session: 'bad', owner: 'A', event: 1, changes: new Map(), result: [() => 1] }), refused('the result of event 1'))
      assert.equal(await b.load('bad'), undefined)
      assert.equal((await b.getRecord('bad'))?.lastEvent, 0)
      assert.ok(await a.acquire('global:bad', 'A', 60_000))
      await assert.rejects(a.writeGlobal('bad', { f() {} }, 'A'), refused(`global 'bad'`))
      assert.equal((await b.readGlobals(['bad'])).size, 0)
    })
  }

  it('keeps a record until its ttl, then drops it with its states', async () => {
    await a.putRecord(record('r1', { deadlines: { draft: 1234 } }), 60_000)
    assert.deepEqual(await b.getRecord('r1'), { ...record('r1', { deadlines: { draft: 1234 } }), lastEvent: 0, kept: new Map() })
    await b.putRecord(record('r1', { closedAt: 99 }), 60_000)
    assert.equal((await a.getRecord('r1'))?.closedAt, 99)
    await a.putRecord(record('r1'), 60_000)
    assert.equal((await b.getRecord('r1'))?.closedAt, undefined)
    assert.equal(await a.getRecord('never'), undefined)

    await a.save('r2', new Map([['cart', ['milk']]]))
    await a.putRecord(record('r2'), 60_000)
    assert.equal((await b.getRecord('r2'))?.id, 'r2')
    await a.putRecord(record('r2'), 40) // written again: its ttl starts over, shorter
    await until(async () => (await b.load('r2')) === undefined, 'the states to expire with the record')
    assert.equal(await b.getRecord('r2'), undefined)
    assert.equal((await b.getRecord('r1'))?.id, 'r1')
  })

  it('gives each due item to exactly one of two clients claiming at once, oldest first, and nothing not yet due', async () => {
    const now = Date.now()
    const ids = Array.from({ length: 40 }, (_, i) => `due-${String(i).padStart(2, '0')}`)
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).schedule('closed', id, now - 1000 + i)))
    await Promise.all([1, 2, 3].map((i) => a.schedule('closed', `later-${i}`, now + 60_000)))
    const claimAll = async (store: SharedStore) => {
      const claimed: DueClaim[] = []
      for (let batch; (batch = await store.claimDue(now, 3, 60_000)).length; ) {
        for (let i = 1; i < batch.length; i++) assert.ok(batch[i - 1]!.at <= batch[i]!.at, 'oldest first')
        claimed.push(...batch)
      }
      return claimed
    }
    const [byA, byB] = await Promise.all([claimAll(a), claimAll(b)])
    assert.ok(byA.length && byB.length, `both clients claimed (${byA.length} and ${byB.length})`)
    const all = [...byA, ...byB].map((claim) => claim.id).sort()
    assert.deepEqual(all, ids, 'every due item once, none not yet due')
    assert.ok([...byA, ...byB].every((claim) => claim.kind === 'closed' && claim.until === now + 60_000))
    await Promise.all([...byA.map((claim) => a.settle(claim)), ...byB.map((claim) => b.settle(claim))])
    const later = await a.claimDue(now + 120_000, 10, 1000)
    assert.deepEqual(later.map((claim) => claim.id).sort(), ['later-1', 'later-2', 'later-3'])
    assert.deepEqual(await Promise.all(later.map((claim) => b.settle(claim))), [true, true, true])
  })

  it('gives an unsettled claim again after its hold, and settles only a claim not scheduled again since', async () => {
    const now = Date.now()
    await a.schedule('ttl', 'x', now - 10)
    const [first] = await a.claimDue(now, 10, 1000)
    assert.deepEqual(first, { kind: 'ttl', id: 'x', at: now - 10, until: now + 1000 })
    assert.deepEqual(await b.claimDue(now + 999, 10, 1000), [], 'held by its claim')
    const [second] = await b.claimDue(now + 1000, 10, 1000)
    assert.equal(second?.id, 'x', 'its claimer died: due again')
    assert.equal(await a.settle(first!), false, 'the first claim is stale')
    assert.equal(await b.settle(second!), true)
    assert.deepEqual(await a.claimDue(now + 10_000, 10, 1000), [])

    await a.schedule('ttl', 'y', now - 10)
    const [claim] = await a.claimDue(now, 10, 1000)
    await b.schedule('ttl', 'y', now + 5000) // written again meanwhile: a new deadline
    assert.equal(await a.settle(claim!), false)
    assert.deepEqual((await b.claimDue(now + 5000, 10, 1000)).map((c) => [c.id, c.at]), [['y', now + 5000]])

    await a.schedule('ttl', 'z', now - 10)
    await b.unschedule('ttl', 'z')
    assert.deepEqual(await a.claimDue(now + 1_000_000, 10, 1000), [{ kind: 'ttl', id: 'y', at: now + 6000, until: now + 1_001_000 }])
  })

  it('leases a session to one owner: others are refused, renew and release compare the owner, an expired lease is taken over', async () => {
    assert.equal(await a.acquire('lease-1', 'A', 60_000), true)
    assert.equal(await b.acquire('lease-1', 'B', 60_000), false)
    assert.equal(await a.acquire('lease-1', 'A', 60_000), true, 'its owner extends it')
    assert.equal(await b.renew('lease-1', 'B', 60_000), false)
    assert.equal(await b.release('lease-1', 'B'), false, 'compare-and-delete: not the owner')
    assert.equal(await b.acquire('lease-1', 'B', 60_000), false, 'still held by A')
    assert.equal(await a.renew('lease-1', 'A', 60_000), true)
    assert.equal(await a.release('lease-1', 'A'), true)
    assert.equal(await a.release('lease-1', 'A'), false, 'released already')
    assert.equal(await b.acquire('lease-1', 'B', 60_000), true)

    assert.equal(await a.acquire('lease-2', 'A', 30), true)
    await until(() => b.acquire('lease-2', 'B', 60_000), 'the lease to expire and B to take it over')
    assert.equal(await a.renew('lease-2', 'A', 60_000), false)
    assert.equal(await a.release('lease-2', 'A'), false)
    assert.equal(await a.acquire('lease-2', 'A', 60_000), false, 'B holds it now')
  })

  it('commits an event once, only under the lease: a stale holder writes nothing', async () => {
    await a.putRecord(record('c1'), 60_000)
    assert.ok(await a.acquire('c1', 'A', 60_000))
    const commit = (store: SharedStore, owner: string, event: number, cart: unknown[], removed?: string[]) =>
      store.commit({ session: 'c1', owner, event, changes: new Map([['cart', cart]]), removed, result: [{ t: 'done', e: event }] })
    assert.equal(await commit(a, 'A', 1, ['milk']), 'committed')
    assert.equal(await commit(a, 'A', 1, ['again']), 'duplicate')
    const kept = await b.getRecord('c1')
    assert.equal(kept?.lastEvent, 1)
    assert.deepEqual(kept?.kept, new Map([[1, [{ t: 'done', e: 1 }]]]))

    assert.ok(await a.acquire('c1', 'A', 40)) // A stalls past its lease from now on
    await until(() => b.acquire('c1', 'B', 60_000), 'B to take the lease over')
    assert.equal(await commit(b, 'B', 2, ['milk', 'eggs']), 'committed')
    assert.equal(await commit(a, 'A', 3, ['stale']), 'stale')
    assert.deepEqual(await a.load('c1'), new Map([['cart', ['milk', 'eggs']]]))
    assert.equal((await a.getRecord('c1'))?.lastEvent, 2)

    // A commit forgets acknowledged results in the same step.
    assert.equal(await b.commit({ session: 'c1', owner: 'B', event: 3, changes: new Map([['n', 1]]), removed: ['cart'], result: null, forget: 1 }), 'committed')
    assert.deepEqual(await a.load('c1'), new Map([['n', 1]]))
    assert.deepEqual([...((await b.getRecord('c1'))?.kept.keys() ?? [])], [2, 3])
    assert.equal(await b.commit({ session: 'c1', owner: 'B', event: 4, changes: new Map(), result: null, forget: 3 }), 'committed')
    assert.deepEqual([...((await a.getRecord('c1'))?.kept.keys() ?? [])], [4])

    assert.ok(await a.acquire('c-none', 'A', 60_000))
    assert.equal(await a.commit({ session: 'c-none', owner: 'A', event: 1, changes: new Map([['n', 1]]), result: null }), 'gone')
    assert.equal(await b.load('c-none'), undefined)
  })

  it('updates a global atomically from two clients, with revisions and a notice of each change', async () => {
    const notices: GlobalNotice[] = []
    const barrier: GlobalNotice[] = []
    const unwatch = await b.watchGlobals((notice) => notices.push(notice))
    await b.watchGlobals((notice) => barrier.push(notice))
    const increments = (store: SharedStore, owner: string) =>
      (async () => {
        for (let i = 0; i < 15; i++) {
          await holdLease(store, 'global:visits', owner, 5000, async () => {
            const current = (await store.readGlobals(['visits'])).get('visits')
            assert.ok(await store.writeGlobal('visits', ((current?.value as number | undefined) ?? 0) + 1, owner))
          })
        }
      })()
    await Promise.all([increments(a, 'A'), increments(b, 'B')])
    assert.deepEqual((await a.readGlobals(['visits', 'never'])).get('visits'), { value: 30, revision: 30 })
    await until(async () => notices.some((notice) => notice.revision === 30), 'the last notice')
    assert.deepEqual(
      notices.map((notice) => notice.revision).sort((x, y) => x - y),
      Array.from({ length: 30 }, (_, i) => i + 1),
    )
    assert.ok(notices.every((notice) => notice.name === 'visits'))

    assert.equal(await a.writeGlobal('visits', -1, 'A'), undefined, 'not the lease owner: refused')
    assert.equal((await b.readGlobals(['visits'])).get('visits')?.value, 30)

    await unwatch()
    await holdLease(a, 'global:visits', 'A', 5000, () => a.writeGlobal('visits', 31, 'A'))
    await until(async () => barrier.some((notice) => notice.revision === 31), 'the barrier watcher to hear revision 31')
    assert.equal(notices.length, 30, 'an unwatched listener hears nothing more')
  })

  it('holds a lease while a task runs, renewing it, and aborts the task when another took it', async () => {
    let renewals = 0
    const counted: SharedStore = { ...a, renew: async (...args) => (await a.renew(...args)) && ++renewals > 0 }
    // Renewed every 150 ms: a timer late by up to 300 ms on a busy machine still keeps it.
    const outcome = await holdLease(counted, 'global:held', 'A', 450, async (signal) => {
      // Four renewals, a third of the lease apart: past the lease's 450 ms, it is still held.
      await until(async () => renewals >= 4, 'four renewals that found the lease held')
      assert.equal(await b.acquire('global:held', 'B', 60_000), false, 'held')
      assert.equal(signal.aborted, false)
      // Lost as if this process had stalled past the lease: another owner takes it.
      assert.ok(await a.release('global:held', 'A'))
      assert.ok(await b.acquire('global:held', 'B', 60_000))
      await until(async () => signal.aborted, 'the watchdog to find the lease lost')
      return a.writeGlobal('held', 1, 'A')
    })
    assert.equal(outcome, undefined, 'a write under the lost lease is refused')
    assert.equal(await b.writeGlobal('held', 2, 'B'), 1, 'the new holder writes')
    assert.equal(await a.acquire('global:held', 'A', 60_000), false, 'holdLease released only its own lease')
  })

  it('counts live sessions for both clients: admits up to the limit, atomically, and makes room as they expire or are deleted', async () => {
    const now = Date.now()
    const tries = await Promise.all(['l1', 'l2', 'l3', 'l4'].map((id, i) => (i % 2 ? a : b).admit(id, 3, now, now + 60_000)))
    assert.equal(tries.filter(Boolean).length, 3, 'three of four admitted at once')
    const refused = ['l1', 'l2', 'l3', 'l4'][tries.indexOf(false)]!
    assert.equal(await a.admit(refused, 3, now, now + 60_000), false)
    assert.equal(await a.admit(['l1', 'l2', 'l3', 'l4'][tries.indexOf(true)]!, 3, now, now + 60_000), true, 'a counted session is admitted again')
    await b.delete(['l1', 'l2', 'l3', 'l4'][tries.indexOf(true)]!)
    assert.equal(await a.admit(refused, 3, now, now + 60_000), true, 'a deleted session makes room')
    const admitted = ['l1', 'l2', 'l3', 'l4'].filter((_, i) => i !== tries.indexOf(true))
    await b.keepLive(admitted.slice(0, 1), now + 10)
    assert.equal(await a.admit('l5', 3, now + 20, now + 60_000), true, 'a session not kept live past now makes room')
    assert.equal(await a.admit('l6', 3, now + 20, now + 60_000), false)
  })

  it('stores one secret: the first offered, however many clients offer at once', async () => {
    const offers = Array.from({ length: 10 }, (_, i) => `secret-${i}`)
    const kept = await Promise.all(offers.map((offer, i) => (i % 2 ? a : b).secret(offer)))
    assert.equal(new Set(kept).size, 1)
    assert.ok(offers.includes(kept[0]!))
    assert.equal(await a.secret('another'), kept[0])
  })
}

describe('memory store', () => {
  storeSuite(
    async () => {
      const store = memoryStore()
      return { a: store, b: store, close: async () => {} }
    },
    { serializes: false },
  )

  it('answers load and save at once, without a promise, with the objects it was given', () => {
    const store = memoryStore()
    const cart = ['milk']
    assert.equal(store.save('s', new Map([['cart', cart]])), undefined)
    const loaded = store.load('s')
    assert.ok(loaded instanceof Map)
    assert.equal(loaded.get('cart'), cart)
  })
})

/** Whether ioredis is loaded once `steps` have run, in a fresh process (this one loads it for the Redis suite). */
async function ioredisLoadedAfter(steps: string): Promise<boolean> {
  const script = `
    import { createRequire } from 'node:module'
    const { createApp } = await import('g-kit/server')
    const { redisStore } = await import(${JSON.stringify(new URL('../../server/store/redis.ts', import.meta.url).href)})
    ${steps}
    const cache = createRequire(import.meta.url).cache
    console.log(JSON.stringify(Object.keys(cache).some((path) => path.includes('/node_modules/ioredis/'))))`
  const args = ['--conditions=source', '--import', 'tsx', '--input-type=module', '--eval', script]
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: new URL('../..', import.meta.url) })
  return JSON.parse(stdout) as boolean
}

describe('redis store', () => {
  let redis: RedisServer
  let prefixes = 0
  const opened: SharedStore[] = []
  const client = (prefix: string) => {
    const store = redisStore(redis.url, { prefix })
    opened.push(store)
    return store
  }
  before(async () => {
    redis = await startRedis()
  })
  after(async () => {
    await Promise.all(opened.map((store) => store.close?.()))
    await redis?.stop()
  })

  describe('shared suite', () => {
    storeSuite(
      async () => {
        const prefix = `test-${++prefixes}:`
        return { a: client(prefix), b: client(prefix), close: async () => {} }
      },
      { serializes: true },
    )
  })

  it('loads ioredis only when a Redis store is first used: never for the memory default', async () => {
    const made = `const app = createApp({}); const store = redisStore(${JSON.stringify(redis.url)}); await app.close()`
    assert.equal(await ioredisLoadedAfter(made), false)
    assert.equal(await ioredisLoadedAfter(`const store = redisStore(${JSON.stringify(redis.url)}); await store.secret('s'); await store.close()`), true)
  })

  it('keeps apps apart by prefix', async () => {
    const one = client('app-one:')
    const two = client('app-two:')
    await one.save('s', new Map([['cart', [1]]]))
    assert.equal(await two.load('s'), undefined)
    assert.equal(await one.secret('first'), 'first')
    assert.equal(await two.secret('second'), 'second')
  })
})
