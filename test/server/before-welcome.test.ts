// Frames a page sends while its hello is looked up in a shared store wait for the welcome, bounded
// in bytes as a session's queue is. The lookup is held for real: the test's redis-server is stopped
// (SIGSTOP) while the page sends, and goes on (SIGCONT) once the refusal has come.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Redis } from 'ioredis'
import { createApp, type App } from 'g-kit/server'
import { coreOf } from '../../server/app.js'
import { PROTOCOL_VERSION, type ServerMessage } from '../../server/protocol.js'
import { startRedis, type RedisServer } from '../_redis.js'
import { closeRaws, rawOpen, type Raw } from './_hardening.js'
import { captureLog, graph, on } from './_ws.js'

const MAX_QUEUED_BYTES = 4096
const echoPage = graph({ controls: ['out'], listeners: [on('go.click', 'echo', 'go', 'out')] })

let redis: RedisServer
let app: App
let url: string

before(async () => {
  redis = await startRedis()
  app = createApp({ store: redis.url as `redis://${string}`, id: 'before-welcome', maxQueuedBytes: MAX_QUEUED_BYTES, log: captureLog().log })
  app.fn('echo', (x: unknown) => x)
  await coreOf(app).shared!.ready
  ;({ url } = await app.listen({ port: 0, host: '127.0.0.1' }))
})

after(async () => {
  await app?.close()
  await redis?.stop()
})

afterEach(() => closeRaws())

describe('frames that wait for the welcome on a shared store', () => {
  it('refuses, naming maxQueuedBytes, the frame that would take them past the bound; the others run after the welcome, and the page goes on', async () => {
    const page = await rawOpen(url)
    // Each event's frame takes about 1.6 KB: two wait, the third would take them past 4 KB.
    const event = (id: number) => ({ t: 'event', id, trigger: 'go.click', values: { go: `${id}`.padEnd(1500, '.'), out: null } })
    await whileStopped(redis, async () => {
      page.send({ t: 'hello', v: PROTOCOL_VERSION, graph: echoPage })
      for (const id of [1, 2, 3]) page.send(event(id))
      const refused = await page.when(() => page.messages.find((m) => m.t === 'error'), 'the error of the frame past the bound')
      assert.ok(refused.t === 'error' && refused.e === 3, JSON.stringify(refused))
      assert.match(refused.message, new RegExp(`more than ${MAX_QUEUED_BYTES} bytes, the limit \\(maxQueuedBytes\\)`))
      assert.equal(page.messages.some((m) => m.t === 'welcome'), false, 'the hello was still being looked up')
    })
    await page.when(() => page.messages.find((m) => m.t === 'welcome'), 'the welcome')
    await page.when(() => doneOf(page, 1) && doneOf(page, 2), 'the two events that waited to run')
    assert.deepEqual([1, 2].map((id) => outOf(page, id)), [event(1).values.go, event(2).values.go])
    assert.equal(doneOf(page, 3), undefined, 'the refused event did not run')
    page.send(event(4))
    await page.when(() => doneOf(page, 4), 'the answer to a later event')
    assert.equal(outOf(page, 4), event(4).values.go)
  })
})

// --- internal ---

/** Runs `f` while redis-server is stopped: it reads nothing and answers nothing until it goes on. */
async function whileStopped(server: RedisServer, f: () => Promise<void>): Promise<void> {
  const client = new Redis(server.url)
  const pid = Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1])
  await client.quit()
  assert.ok(pid > 0, 'redis-server says its process id')
  process.kill(pid, 'SIGSTOP')
  try {
    await f()
  } finally {
    process.kill(pid, 'SIGCONT')
  }
}

function doneOf(page: Raw, id: number): ServerMessage | undefined {
  return page.messages.find((m) => m.t === 'done' && m.e === id)
}

function outOf(page: Raw, id: number): unknown {
  const update = page.messages.find((m) => m.t === 'update' && m.e === id)
  return update?.t === 'update' ? update.values?.out : undefined
}
