// `maxSessions` counted across instances on one Redis: a page is refused when the app's sessions
// on all instances together reach it, though each instance holds fewer; a session that ends, or
// whose instance dies, makes room again.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PROTOCOL_VERSION, type ServerMessage } from '../../server/protocol.js'
import { startRedis, type RedisServer } from '../_redis.js'
import { closeAll, connect, graph, on, open, until, WAIT_MS, type Client } from './_ws.js'
import { startInstance, type Instance } from './_multi.js'

const page = graph({ controls: ['item', 'shown'], listeners: [on('add.click', 'add', 'item cart', 'cart shown')], serverStates: ['cart'] })
const FULL: ServerMessage = { t: 'error', code: 'full', message: 'the server is full (3 sessions open): try again in a moment' }

/** Says hello to `url`: the server's first answer (a welcome, or a refusal). */
async function hello(url: string): Promise<ServerMessage> {
  const client = await open(url)
  client.send({ t: 'hello', v: PROTOCOL_VERSION, graph: page })
  return client.next('the answer to a hello')
}

/** Says hello to `url` until it is welcomed (a place is made by a session ending meanwhile). */
async function welcomedOnceRoom(url: string, what: string): Promise<void> {
  const welcomed = async () => {
    const answer = await hello(url)
    if (answer.t !== 'welcome') assert.deepEqual(answer, FULL)
    return answer.t === 'welcome'
  }
  await until(welcomed, what, { boundMs: 3 * WAIT_MS, everyMs: 50 })
}

describe('maxSessions across instances on Redis', () => {
  let redis: RedisServer
  let a: Instance
  let b: Instance
  // A lease of 0.5 s: an open session counts 1.5 s past its instance's last heartbeat.
  const env = { MAX_SESSIONS: '3', CLOSED_TTL: '1', SWEEP_INTERVAL: '0.05', LEASE_TTL: '0.5' }

  before(async () => {
    redis = await startRedis()
    ;[a, b] = await Promise.all([startInstance(redis.url, env), startInstance(redis.url, env)])
  })
  after(async () => {
    await closeAll()
    await Promise.all([a?.kill(), b?.kill()])
    await redis?.stop()
  })

  it('refuses a page when the instances hold maxSessions together; a session that ends, or whose instance died, makes room', async () => {
    const onA: Client[] = [await connect(a.url, page), await connect(a.url, page)]
    await connect(b.url, page)
    // Each instance holds fewer than 3 sessions: only the count across them is full.
    assert.deepEqual(await hello(b.url), FULL)
    assert.deepEqual(await hello(a.url), FULL)

    // A page that leaves keeps its session counted until it ends (closedTtl), then there is room.
    await onA[0]!.close()
    await welcomedOnceRoom(b.url, 'the closed session to end and make room')
    assert.deepEqual(await hello(a.url), FULL)

    // An instance that dies stops counting its open sessions (no heartbeat) a little later.
    await a.kill('SIGKILL')
    await welcomedOnceRoom(b.url, 'the dead instance’s session to stop counting')
    assert.deepEqual(await hello(b.url), FULL)
  })
})
