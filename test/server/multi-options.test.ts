// How an app chooses a shared store: `store: 'redis://…'` or G_REDIS_URL, its id, and the sealing
// secret every instance takes from Redis when none is given.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, redisStore, memoryStore } from 'g-kit/server'
import { coreOf } from '../../server/app.js'
import { startRedis, type RedisServer } from '../_redis.js'
import { captureLog } from './_ws.js'

describe('choosing a shared store', () => {
  let redis: RedisServer
  const saved = { url: process.env.G_REDIS_URL, secret: process.env.G_SECRET }
  before(async () => {
    redis = await startRedis()
    delete process.env.G_SECRET
  })
  after(async () => {
    if (saved.url === undefined) delete process.env.G_REDIS_URL
    else process.env.G_REDIS_URL = saved.url
    if (saved.secret !== undefined) process.env.G_SECRET = saved.secret
    await redis?.stop()
  })

  it('a redis:// store, or G_REDIS_URL, makes instances share sessions; memory stays the default and wins when named', async () => {
    const inCode = createApp({ store: redis.url as `redis://${string}`, id: 'options-a', log: captureLog().log })
    assert.ok(coreOf(inCode).shared, 'store: redis://… is shared')
    process.env.G_REDIS_URL = redis.url
    const fromEnv = createApp({ id: 'options-a', log: captureLog().log })
    const named = createApp({ store: 'memory', log: captureLog().log })
    delete process.env.G_REDIS_URL
    const plain = createApp({ log: captureLog().log })
    assert.ok(coreOf(fromEnv).shared, 'G_REDIS_URL is taken when store is not given')
    assert.equal(coreOf(named).shared, undefined, "store: 'memory' stays in memory")
    assert.equal(coreOf(plain).shared, undefined, 'memory is the default')
    await Promise.all([coreOf(inCode).shared!.ready, coreOf(fromEnv).shared!.ready])
    await Promise.all([inCode, fromEnv, named, plain].map((app) => app.close()))
  })

  it('every instance seals browser state with the one secret stored in Redis', async () => {
    const instance = () => createApp({ store: redis.url as `redis://${string}`, id: 'options-b', log: captureLog().log })
    const a = instance()
    const b = instance()
    await Promise.all([a, b].map((app) => coreOf(app).shared!.ready))
    const binding = { app: '/', name: 'theme', key: 'theme' }
    const token = await coreOf(a).sealer().seal('dark', binding)
    assert.equal((await coreOf(b).sealer().open(token, binding))?.value, 'dark')
    const other = createApp({ store: redis.url as `redis://${string}`, id: 'options-c', log: captureLog().log })
    await coreOf(other).shared!.ready
    assert.equal(await coreOf(other).sealer().open(token, binding), undefined, 'another app id has another secret')
    await Promise.all([a, b, other].map((app) => app.close()))
  })

  it('refuses a store or an id it cannot use, and exports the stores', () => {
    assert.throws(() => createApp({ store: 'mysql://x' as 'memory' }), /is not a store/)
    assert.throws(() => createApp({ id: 'a b', store: 'memory' }), /is not an app id/)
    assert.throws(() => createApp({ leaseTtl: 0 }), /leaseTtl/)
    assert.equal(typeof redisStore, 'function')
    assert.equal(typeof memoryStore().commit, 'function')
  })

  it('an HTTP API session on a shared store lives in its process: its calls work, and it ends with its callbacks', async () => {
    const app = createApp({ store: redis.url as `redis://${string}`, id: 'options-api', log: captureLog().log })
    const unloaded: string[] = []
    app.state('total', { value: 0 })
    app.fn('add', (n: number, total: number) => [total + n, total + n], { inputs: ['n', 'total'], outputs: ['total', 'sum'] })
    app.onUnload(({ session }) => void unloaded.push(session.id))
    try {
      const { url } = await app.listen({ port: 0, host: '127.0.0.1' })
      const add = async (n: number, session?: string) => {
        const response = await fetch(new URL('g/api/add', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: [n], ...(session && { session }) }) })
        assert.equal(response.status, 200)
        return (await response.json()) as { outputs?: unknown[]; session?: string }
      }
      const first = await add(5)
      assert.deepEqual(first.outputs, [5])
      assert.deepEqual((await add(2, first.session)).outputs, [7], 'its state is kept between calls')
    } finally {
      await app.close()
    }
    assert.equal(unloaded.length, 1, 'its onUnload ran when the app closed')
  })
})
