// Gradio clients that do not play fair. One that joins events and does not read their messages:
// what waits for it stays bounded by maxBuffered (further joins are refused, naming the bound),
// whether its event stream is not open or is open and unread; once it reads, every accepted event's
// result reaches it. One that makes sessions without end: it evicts its own, not another client's.
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request, type IncomingMessage } from 'node:http'
import { createApp, type App } from 'g-kit/server'
import { captureLog, gate, within } from './_ws.js'

const MAX_BUFFERED = 1 << 20
const RESULT = 'x'.repeat(1_000_000)
/** Joins tried at most: far more than the bound and the 32 events a session may have waiting. */
const JOINS = 100

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/**
 * An app whose `big` function (fn_index 2) answers `RESULT`, and whose `hold` one (fn_index 1) waits
 * for the gate it names ('first' or 'last'); the last one tells when it starts.
 */
async function bigApp() {
  const gates = { first: gate(), last: gate() }
  const lastStarted = gate()
  app = createApp({ log: captureLog().log, maxBuffered: MAX_BUFFERED })
  app.fn('hold', async (which: 'first' | 'last') => {
    if (which === 'last') lastStarted.open()
    await gates[which].promise
  }, { inputs: ['which'], outputs: ['h'] })
  app.fn('big', () => RESULT, { inputs: [], outputs: ['y'] })
  const { url } = await app.listen({ port: 0 })
  return { url, gates, lastStarted }
}

async function join(url: string, hash: string, fnIndex: number, data: unknown[] = []): Promise<{ status: number; body: { event_id?: string; detail?: string } }> {
  const answer = await fetch(new URL('gradio_api/queue/join', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, fn_index: fnIndex, session_hash: hash }),
  })
  return { status: answer.status, body: (await answer.json()) as { event_id?: string; detail?: string } }
}

/** Joins `big` until a join is refused for unread messages (at most JOINS times); returns the ids of the events accepted and the refusal. */
async function joinUntilRefused(url: string, hash: string): Promise<{ accepted: string[]; refusal?: string }> {
  const accepted: string[] = []
  for (let i = 0; i < JOINS; i++) {
    const { status, body } = await join(url, hash, 2)
    if (status === 200) accepted.push(body.event_id!)
    else if (/unread/.test(body.detail ?? '')) return { accepted, refusal: body.detail }
    else assert.match(body.detail!, /events waiting already/)
  }
  return { accepted }
}

function messagesOf(text: string): Array<Record<string, unknown>> {
  return text.split('\n\n').filter(Boolean).map((block) => JSON.parse(block.slice('data: '.length)) as Record<string, unknown>)
}

function completed(messages: Array<Record<string, unknown>>): string[] {
  return messages.filter((m) => m.msg === 'process_completed' && (m.output as { data: unknown[] }).data[0] === RESULT).map((m) => String(m.event_id))
}

describe('a Gradio client that does not read', () => {
  it('whose event stream is not open is refused further events past maxBuffered bytes waiting; once it reads, it gets every result', async () => {
    const { url } = await bigApp()
    const { accepted, refusal } = await joinUntilRefused(url, 'never-opens')
    assert.match(refusal ?? 'no join was refused', new RegExp(`over the limit of ${MAX_BUFFERED} \\(maxBuffered\\)`))
    // Past the bound come at most the events running when it was reached (32 at most).
    assert.ok(accepted.length <= MAX_BUFFERED / RESULT.length + 1 + 32, `${accepted.length} events accepted`)
    const stream = await fetch(new URL('gradio_api/queue/data?session_hash=never-opens', url))
    assert.deepEqual(completed(messagesOf(await stream.text())).sort(), accepted.sort())
    assert.equal((await join(url, 'never-opens', 2)).status, 200)
  })

  it('whose event stream is open and unread is refused further events past maxBuffered bytes unread; once it reads, it gets every result', { timeout: 60_000 }, async () => {
    const { url, gates, lastStarted } = await bigApp()
    // The session runs its events in turn: 30 big ones between two that wait, the last of which keeps the stream open.
    assert.equal((await join(url, 'never-reads', 1, ['first'])).status, 200)
    const { hostname, port } = new URL(url)
    const response = await new Promise<IncomingMessage>((resolve) => {
      request({ hostname, port, path: '/gradio_api/queue/data?session_hash=never-reads' }, resolve).end()
    })
    response.pause()
    const accepted: string[] = []
    for (let i = 0; i < 30; i++) accepted.push((await join(url, 'never-reads', 2)).body.event_id!)
    assert.equal((await join(url, 'never-reads', 1, ['last'])).status, 200)
    gates.first.open()
    // 30 MB of results went to a reader that takes none, far past what the sockets' buffers hold.
    await within(lastStarted.promise, 'the big events to end')
    const refused = await join(url, 'never-reads', 2)
    assert.equal(refused.status, 503)
    assert.match(refused.body.detail!, new RegExp(`over the limit of ${MAX_BUFFERED} \\(maxBuffered\\)`))
    gates.last.open()
    const chunks: Buffer[] = []
    for await (const chunk of response) chunks.push(chunk as Buffer)
    assert.deepEqual(completed(messagesOf(Buffer.concat(chunks).toString())).sort(), accepted.sort())
  })
})

describe('a Gradio client that makes sessions without end', () => {
  it('evicts its own sessions when the app holds as many as it may, not those of another client', async () => {
    app = createApp({ log: captureLog().log, trustProxy: true, maxSessions: 3, maxSessionsPerClient: 2 })
    app.state('cart', { value: [] as string[] })
    app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items], { inputs: ['items', 'cart'], outputs: ['cart'] })
    app.fn('cart_size', (cart: string[]) => cart.length, { inputs: ['cart'], outputs: ['size'] })
    const { url } = await app.listen({ port: 0 })
    /** Runs function `fnIndex` in the session `hash` of the client at `address`; the outputs of its completion. */
    const run = async (address: string, hash: string, fnIndex: number, data: unknown[]) => {
      const joined = await fetch(new URL('gradio_api/queue/join', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ data, fn_index: fnIndex, session_hash: hash }),
      })
      assert.equal(joined.status, 200, await joined.clone().text())
      const stream = await fetch(new URL(`gradio_api/queue/data?session_hash=${hash}`, url), { headers: { 'x-forwarded-for': address } })
      const done = messagesOf(await stream.text()).find((m) => m.msg === 'process_completed')
      return (done?.output as { data?: unknown[] } | undefined)?.data
    }
    await run('10.0.0.1', 'victim', 1, [['Milk', 'Eggs'], null])
    for (let i = 0; i < 6; i++) await run('10.0.0.66', `attacker-${i}`, 2, [null])
    assert.deepEqual(await run('10.0.0.1', 'victim', 2, [null]), [2], 'the victim\'s cart is as it left it')
  })
})
