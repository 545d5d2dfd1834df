// Three instances on one Redis behind a round-robin proxy: an instance killed with SIGKILL (even in
// the middle of an event) and restarted loses no session and applies the page's resent event once;
// a closed session ends once across the instances, its callbacks run once; the instances agree.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Redis } from 'ioredis'
import { PROTOCOL_VERSION } from '../../server/protocol.js'
import { startRedis, type RedisServer } from '../_redis.js'
import { closeAll, connect, graph, on, open, until, WAIT_MS, type Client } from './_ws.js'
import { roundRobin, startInstance, type Instance, type RoundRobin } from './_multi.js'

const page = graph({
  controls: ['item', 'shown'],
  globals: ['visits'],
  listeners: [
    on('add.click', 'add', 'item cart', 'cart shown'),
    on('slow.click', 'add_slowly', 'item cart', 'cart shown'),
    on('show.click', 'show', 'cart', 'shown'),
    on('visit.click', 'visit', 'visits', 'visits shown'),
    on('read.click', 'show', 'visits', 'shown'),
    on('coupon.click', 'set_coupon', 'item', 'coupon'),
  ],
  serverStates: ['cart', 'coupon'],
})

function shown(result: Awaited<ReturnType<Client['event']>>): unknown {
  return result.updates.find((u) => u.values && 'shown' in u.values)?.values?.shown
}


describe('three instances on Redis: restarts and expiry', () => {
  let redis: RedisServer
  let probe: Redis
  let a: Instance
  let b: Instance
  let c: Instance
  let proxy: RoundRobin
  const env = { CLOSED_TTL: '1', SWEEP_INTERVAL: '0.05', LEASE_TTL: '0.5', COUPON_TTL: '1' }

  before(async () => {
    redis = await startRedis()
    probe = new Redis(redis.url)
    ;[a, b, c] = await Promise.all([startInstance(redis.url, { ...env, HANG: '1' }), startInstance(redis.url, env), startInstance(redis.url, env)])
    proxy = await roundRobin([a.port, b.port, c.port])
  })
  after(async () => {
    await closeAll()
    await proxy?.close()
    await Promise.all([a, b, c].map((instance) => instance?.kill()))
    await probe?.quit()
    await redis?.stop()
  })

  /** Resumes `token` through the proxy, sending the event ids on from `last`. */
  async function resume(token: string, last: number): Promise<Client> {
    const client = await open(proxy.url)
    client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: page, resume: token })
    const welcome = await client.next('the welcome')
    assert.equal(welcome.t, 'welcome')
    assert.equal(welcome.resumed, true, 'the session is resumed')
    client.welcome = welcome
    for (let i = 0; i < last; i++) client.nextId()
    return client
  }

  it('an instance killed with SIGKILL mid-event loses no session: the resent event runs once elsewhere, and on the restarted instance the cart is whole', async () => {
    proxy.targets = [a.port]
    const onA = await connect(proxy.url, page)
    assert.deepEqual(shown(await onA.event('add.click', { item: 'milk' })), ['milk'])
    const id = onA.nextId()
    onA.send({ t: 'event', id, trigger: 'slow.click', values: { item: 'cheese' } })
    await a.line((line) => line === 'running cheese', 'the event to run on A')
    await a.kill('SIGKILL')
    proxy.targets = [b.port, c.port]
    const elsewhere = await resume(onA.welcome!.resume, id - 1)
    elsewhere.send({ t: 'event', id, trigger: 'slow.click', values: { item: 'cheese' } })
    const done = await elsewhere.until((m) => (m.t === 'done' || m.t === 'error') && m.e === id, 'the resent event')
    assert.equal(done.at(-1)!.t, 'done')
    elsewhere.nextId()
    assert.deepEqual(shown(await elsewhere.event('show.click')), ['milk', 'cheese'])

    // (The page stays open meanwhile: with a closedTtl of 1 s, its session would end while A restarts.)
    a = await startInstance(redis.url, env)
    proxy.targets = [a.port]
    const back = await resume(onA.welcome!.resume, id + 1)
    await elsewhere.close()
    assert.deepEqual(shown(await back.event('show.click')), ['milk', 'cheese'], 'the event applied once, on the restarted instance too')
    await back.close()
    proxy.targets = [a.port, b.port, c.port]
  })

  it('pages on three instances increment a global concurrently, and the instances’ figures agree', async () => {
    const pages: Client[] = []
    for (const instance of [a, b, c]) {
      proxy.targets = [instance.port]
      pages.push(await connect(proxy.url, page))
    }
    const start = Number(shown(await pages[0]!.event('read.click')))
    await Promise.all(
      pages.map(async (p) => {
        for (let i = 0; i < 20; i++) await p.event('visit.click')
      }),
    )
    for (const p of pages) assert.equal(shown(await p.event('read.click')), start + 60)
    await Promise.all(pages.map((p) => p.close()))
    proxy.targets = [a.port, b.port, c.port]
  })

  it('a closed session ends once across the instances: its onDelete and onUnload run once', async () => {
    const p = await connect(proxy.url, page)
    assert.deepEqual(shown(await p.event('add.click', { item: 'plum' })), ['plum'])
    await p.close()
    const unload = `unload ${p.session}`
    await Promise.race([a, b, c].map((instance) => instance.line((line) => line === unload, 'the session’s onUnload')))
    await until(async () => (await probe.zcard('g-kit:multi-test:due')) === 0, 'the due queue to be empty', { boundMs: 3 * WAIT_MS })
    const lines = [a, b, c].flatMap((instance) => instance.lines)
    assert.equal(lines.filter((line) => line === unload).length, 1, 'onUnload ran once')
    assert.equal(lines.filter((line) => line === 'delete cart ["plum"]').length, 1, 'the cart’s onDelete ran once')
    assert.equal(await probe.exists(`g-kit:multi-test:{${p.session}}:r`), 0, 'its record is gone')
  })

  it('a state’s ttl runs out on the instance its page moved to: reset once, its onDelete once, the page told', async () => {
    proxy.targets = [b.port]
    const p = await connect(proxy.url, page)
    await p.event('coupon.click', { item: 'SAVE' })
    proxy.cut()
    proxy.targets = [c.port]
    const moved = await resume(p.welcome!.resume, 1)
    await moved.until((m) => m.t === 'changed' && m.names.includes('coupon'), 'the coupon’s reset')
    const lines = [a, b, c].flatMap((instance) => instance.lines)
    assert.equal(lines.filter((line) => line === 'delete coupon "SAVE"').length, 1, 'its onDelete ran once')
    assert.ok(c.lines.includes('delete coupon "SAVE"'), 'on the instance the page moved to')
    await moved.close()
    proxy.targets = [a.port, b.port, c.port]
  })
})
