// Several instances on one Redis, behind a round-robin proxy (no sticky sessions): a session
// resumes on any instance with its states, once-only events and no notice; an instance killed with
// SIGKILL loses no session; a closed session ends once across instances, with its callbacks once.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PROTOCOL_VERSION } from '../../server/protocol.js'
import { startRedis, type RedisServer } from '../_redis.js'
import { closeAll, connect, graph, on, open, type Client } from './_ws.js'
import { roundRobin, startInstance, type Instance, type RoundRobin } from './_multi.js'

const cartPage = graph({
  controls: ['item', 'shown'],
  listeners: [on('add.click', 'add', 'item cart', 'cart shown'), on('show.click', 'show', 'cart', 'shown')],
  serverStates: ['cart'],
})

/** The value an event showed in `shown`. */
function shown(result: Awaited<ReturnType<Client['event']>>): unknown {
  return result.updates.find((u) => u.values && 'shown' in u.values)?.values?.shown
}

/** Says hello through `url` resuming with `token`; resolves with the client and its welcome. */
async function resume(url: string, token: string): Promise<Client> {
  const client = await open(url)
  client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: cartPage, resume: token })
  const welcome = await client.next('the welcome')
  assert.equal(welcome.t, 'welcome')
  client.welcome = welcome as Client['welcome']
  return client
}

const visitsPage = graph({
  controls: ['shown'],
  globals: ['visits'],
  listeners: [on('visit.click', 'visit', 'visits', 'visits shown'), on('read.click', 'show', 'visits', 'shown')],
})

/** Sends `count` events at once and resolves once each is done. */
async function burst(page: Client, trigger: string, count: number): Promise<void> {
  const ids = Array.from({ length: count }, () => page.nextId())
  for (const id of ids) page.send({ t: 'event', id, trigger, values: {} })
  await page.until((m) => (m.t === 'done' || m.t === 'error') && m.e === ids.at(-1), `the done of event ${ids.at(-1)}`)
}

describe('sessions across instances on Redis', () => {
  let redis: RedisServer
  let a: Instance
  let b: Instance
  let proxy: RoundRobin

  before(async () => {
    redis = await startRedis()
    ;[a, b] = await Promise.all([startInstance(redis.url), startInstance(redis.url)])
    proxy = await roundRobin([a.port, b.port])
  })
  after(async () => {
    await closeAll()
    await proxy?.close()
    await Promise.all([a?.kill(), b?.kill()])
    await redis?.stop()
  })

  it('a session opened on one instance, its socket cut, resumes on the other with its cart and no notice', async () => {
    const first = proxy.next
    const page = await connect(proxy.url, cartPage)
    assert.deepEqual(shown(await page.event('add.click', { item: 'milk' })), ['milk'])
    assert.deepEqual(shown(await page.event('add.click', { item: 'eggs' })), ['milk', 'eggs'])
    proxy.cut()
    assert.notEqual(proxy.next, first, 'the proxy sends the next connection to the other instance')
    const again = await resume(proxy.url, page.welcome!.resume)
    assert.equal(again.welcome!.resumed, true)
    assert.equal(again.welcome!.expired, undefined)
    assert.equal(again.welcome!.session, page.session)
    // Event ids go on from the page's last one, as a page's do.
    again.nextId()
    again.nextId()
    assert.deepEqual(shown(await again.event('add.click', { item: 'bread' })), ['milk', 'eggs', 'bread'])
  })

  it('an event whose reply was lost is sent again on the other instance and applied once', async () => {
    const page = await connect(proxy.url, cartPage)
    await page.event('add.click', { item: 'tea' })
    const id = page.nextId()
    page.send({ t: 'event', id, trigger: 'add.click', values: { item: 'jam' } })
    await page.until((m) => m.t === 'done' && m.e === id, 'the done of the event')
    proxy.cut() // the page did not acknowledge it: it sends it again after resuming
    const again = await resume(proxy.url, page.welcome!.resume)
    again.send({ t: 'event', id, trigger: 'add.click', values: { item: 'jam' } })
    const replayed = await again.until((m) => m.t === 'done' && m.e === id, 'the replayed done')
    assert.ok(replayed.some((m) => m.t === 'update' && JSON.stringify(m.values?.shown) === '["tea","jam"]'), 'the kept result is replayed')
    for (let i = 0; i <= id; i++) again.nextId()
    assert.deepEqual(shown(await again.event('show.click')), ['tea', 'jam'])
  })

  it('a token that is not the session’s resumes nothing on any instance', async () => {
    const page = await connect(proxy.url, cartPage)
    const forged = `${page.session}.${'x'.repeat(22)}`
    const other = await resume(proxy.url, forged)
    assert.equal(other.welcome!.resumed, false)
    assert.equal(other.welcome!.expired, true)
    assert.notEqual(other.welcome!.session, page.session)
  })

  it('pages on two instances increment a global concurrently: none is lost, and each hears the other’s', async () => {
    const first = proxy.next
    const onA = await connect(proxy.url, visitsPage)
    assert.notEqual(proxy.next, first)
    const onB = await connect(proxy.url, visitsPage)
    const before = Number(shown(await onA.event('read.click')))
    await Promise.all([burst(onA, 'visit.click', 40), burst(onB, 'visit.click', 40)])
    assert.equal(shown(await onA.event('read.click')), before + 80)
    assert.equal(shown(await onB.event('read.click')), before + 80)
    // Notices outside any event: the other instance's writes, fanned out through Redis.
    for (const page of [onA, onB]) assert.ok(page.frames.some((frame) => frame === '[{"t":"changed","names":["visits"]}]'), 'a notice of the other instance’s write')
  })
})
