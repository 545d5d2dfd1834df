// The chat adapter (`via: 'chat'`), streamed increments and the built-in reset, through a real socket.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, type App, type FnContext } from 'g-kit/server'
import type { ListenerSpec } from '../../server/protocol.js'
import { closeAll, connect, gate, graph, on } from './_ws.js'

let app: App
let url: string
let finallyRan = gate()
let streaming = gate()

const chat = (fn: string, extra: string[] = []): Omit<ListenerSpec, 'id'> => ({
  ...on('chat.submit', fn, ['chat', 'chat:history', ...extra].join(' '), 'chat chat:history', { name: 'chat' }),
  via: 'chat',
})

before(async () => {
  app = createApp({ log: { warn() {}, error() {} } })
  app.fn('echo', (message: string, history: unknown[]) => `${message} (${history.length})`)
  app.fn('stream', function* (message: string) {
    let reply = ''
    for (let i = 0; i < 500; i++) yield (reply += message)
  })
  app.fn('forever', async function* (_message: string, _history: unknown[], ctx: FnContext) {
    try {
      yield 'first'
      streaming.open()
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
      yield 'never'
    } finally {
      finallyRan.open()
    }
  })
  app.fn('tools', (message: string, _h: unknown, extra: string) => [
    { role: 'assistant', content: `looked up ${message}`, metadata: { title: 'Search' } },
    `answer with ${extra}`,
  ])
  app.fn('secret', () => 'x')
  app.fn('files', (message: { text: string; files: Array<{ name: string; size: number }> }, history: unknown[]) =>
    `${message.text || '-'}: ${message.files.map((f) => `${f.name} ${f.size}`).join(', ')} (${history.length})`)
  app.fn('rewrite', function* () {
    yield 'Thinking'
    yield 'Thinking…'
    yield 'The answer'
    yield 'The answer is 4'
  })
  app.fn('bump', () => [['changed'], 8])
  app.state('count', { value: 7 })
  ;({ url } = await app.listen({ port: 0 }))
})
afterEach(() => closeAll())
after(() => app.close())

const state = graph({ states: { 'chat:history': [] }, controls: ['chat'], listeners: [chat('echo')] })

describe('chat', () => {
  it('keeps the history in the session: send, retry, undo, edit, clear', async () => {
    const page = await connect(url, state)
    assert.deepEqual(page.welcome?.problems, [])
    const last = async (value: unknown) => {
      const result = await page.event('chat.submit', { chat: value })
      assert.deepEqual(result.ends.map((e) => e.ok), [true], JSON.stringify(result.messages))
      return result.updates.at(-1)!.values!.chat
    }
    assert.deepEqual(await last({ op: 'send', text: 'hi' }), [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hi (0)' },
    ])
    assert.equal((await last({ op: 'send', text: 'again' }) as unknown[]).length, 4)
    assert.deepEqual((await last({ op: 'retry' }) as unknown[]).at(-1), { role: 'assistant', content: 'again (2)' })
    assert.deepEqual(await last({ op: 'undo' }), [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hi (0)' },
    ])
    assert.deepEqual(await last({ op: 'edit', index: 0, text: 'hello' }), [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hello (0)' },
    ])
    assert.deepEqual(await last({ op: 'restore' }), [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'hello (0)' },
    ])
    assert.deepEqual(await last({ op: 'clear' }), [])
    const other = await connect(url, state)
    const fresh = await other.event('chat.submit', { chat: { op: 'restore' } })
    assert.deepEqual(fresh.updates.at(-1)!.values!.chat, [], 'another session has its own history')
  })

  it('streams increments: the bytes of a chunk stay the same as the reply grows', async () => {
    const page = await connect(url, graph({ states: { 'chat:history': [] }, controls: ['chat'], listeners: [chat('stream')] }))
    const before = page.frames.length
    const result = await page.event('chat.submit', { chat: { op: 'send', text: 'abc' } })
    const appends = result.updates.filter((u) => u.append)
    assert.ok(appends.length >= 490, `${appends.length} increments`)
    assert.deepEqual(appends[0]!.append, { chat: { path: [1, 'content'], text: 'abc' } })
    const frames = page.frames.slice(before).filter((f) => f.includes('"append"'))
    const sizes = frames.map((f) => f.length)
    assert.equal(Math.max(...sizes.slice(10)), Math.min(...sizes.slice(10)), 'every chunk frame has the same size')
    assert.ok(sizes.at(-1)! < 150, `a chunk is ${sizes.at(-1)} bytes, not the whole reply`)
    // The history is named changed once in the turn (the page gathers names per event): a chunk carries its text only.
    assert.deepEqual(result.updates.flatMap((u) => u.changed ?? []), ['chat:history'])
  })

  it('Stop ends the generator (its finally runs, ctx.signal aborts) and keeps what arrived', async () => {
    finallyRan = gate()
    streaming = gate()
    const page = await connect(url, graph({ states: { 'chat:history': [] }, controls: ['chat'], listeners: [chat('forever'), { ...on('stop.click', undefined, '', '', { cancels: ['chat'] }) }] }))
    const running = page.event('chat.submit', { chat: { op: 'send', text: 'go' } })
    await streaming.promise
    page.send({ t: 'cancel', listeners: ['chat'] })
    const result = await running
    assert.equal(result.ends[0]?.cancelled, true)
    await finallyRan.promise
    const kept = await page.event('chat.submit', { chat: { op: 'restore' } })
    assert.deepEqual(kept.updates.at(-1)!.values!.chat, [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'first' },
    ])
  })

  it('passes additional inputs after the history; tool messages keep their metadata', async () => {
    const page = await connect(url, graph({ states: { 'chat:history': [] }, controls: ['chat', 'mode'], listeners: [chat('tools', ['mode'])] }))
    const result = await page.event('chat.submit', { chat: { op: 'send', text: 'cats' }, mode: 'brief' })
    assert.deepEqual(result.updates.at(-1)!.values!.chat, [
      { role: 'user', content: 'cats' },
      { role: 'assistant', content: 'looked up cats', metadata: { title: 'Search' } },
      { role: 'assistant', content: 'answer with brief' },
    ])
  })

  it('a multimodal message is { text, files }: fn gets it, the history keeps it, retry sends it again', async () => {
    const page = await connect(url, graph({ states: { 'chat:history': [] }, controls: ['chat'], listeners: [chat('files')] }))
    const dot = { name: 'dot.png', type: 'image/png', size: 3, url: 'data:image/png;base64,AAAA' }
    const sent = await page.event('chat.submit', { chat: { op: 'send', text: 'look', files: [dot] } })
    assert.deepEqual(sent.ends.map((e) => e.ok), [true])
    const restored = await page.event('chat.submit', { chat: { op: 'restore' } })
    assert.deepEqual(restored.updates.at(-1)!.values!.chat, [
      { role: 'user', content: { text: 'look', files: [dot] } },
      { role: 'assistant', content: 'look: dot.png 3 (0)' },
    ])
    const retried = await page.event('chat.submit', { chat: { op: 'retry' } })
    assert.deepEqual(retried.ends.map((e) => e.ok), [true])
    const noText = await page.event('chat.submit', { chat: { op: 'send', text: '', files: [dot] } })
    assert.deepEqual(noText.ends.map((e) => e.ok), [true], 'files without text are a message')
    const last = await page.event('chat.submit', { chat: { op: 'restore' } })
    assert.deepEqual((last.updates.at(-1)!.values!.chat as Array<{ content: unknown }>).at(-1)!.content, '-: dot.png 3 (2)')
    for (const [files, text, problem] of [
      [[{ ...dot, url: 'https://example.com/x.png' }], 'x', /data: URL/],
      [[{ name: 'x' }], 'x', /data: URL/],
      [[], ' ', /The message is empty/],
    ] as const) {
      const refused = await page.event('chat.submit', { chat: { op: 'send', text, files } })
      assert.match(refused.ends[0]?.error ?? '', problem)
    }
  })

  it('a reply that is rewritten (not grown) is sent whole; one that grows, by its increment', async () => {
    const page = await connect(url, graph({ states: { 'chat:history': [] }, controls: ['chat'], listeners: [chat('rewrite')] }))
    const result = await page.event('chat.submit', { chat: { op: 'send', text: 'q' } })
    const steps = result.updates.filter((u) => u.values?.chat || u.append).map((u) => (u.append ? `+${u.append.chat!.text}` : (u.values!.chat as Array<{ content: string }>).at(-1)!.content))
    assert.deepEqual(steps, ['q', 'Thinking', '+…', 'The answer', '+ is 4'])
  })

  it('a chat listener reaches no browser state but its own history', async () => {
    const browser = [{ name: 'token', key: 'k', value: null }]
    const stolen = graph({ states: { 'chat:history': [] }, controls: ['chat'], browser, listeners: [chat('secret', ['token'])] })
    const page = await connect(url, stolen)
    assert.match(page.welcome!.problems.join('\n'), /'token' is a browser state/)
    const renamed = graph({ controls: ['chat'], browser: [{ name: 'other', key: 'k', value: null }], listeners: [{ ...chat('secret'), inputs: ['chat', 'other'], outputs: ['chat', 'other'] }] })
    const second = await connect(url, renamed)
    assert.match(second.welcome!.problems.join('\n'), /a chat listener takes its element/)
  })
})

describe('reset', () => {
  it('g-kit.reset gives session states their defaults (server and page)', async () => {
    const page = await connect(url, graph({
      states: { notes: ['page default'], count: null },
      serverStates: ['count'],
      listeners: [on('bump.click', 'bump', '', 'notes count'), on('clear.click', 'g-kit.reset', '', 'notes count')],
    }))
    assert.deepEqual(page.welcome?.problems, [])
    await page.event('bump.click')
    const result = await page.event('clear.click')
    assert.deepEqual(result.ends.map((e) => e.ok), [true], JSON.stringify(result.messages))
    assert.deepEqual(result.updates[0]?.changed?.sort(), ['count', 'notes'])
  })

  it('g-kit.reset takes session states only', async () => {
    const page = await connect(url, graph({ controls: ['box'], listeners: [on('clear.click', 'g-kit.reset', '', 'box')] }))
    assert.match(page.welcome!.problems.join('\n'), /resets session states only, and 'box' is not one/)
  })
})
