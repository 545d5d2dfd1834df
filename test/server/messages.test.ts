// ctx.info, ctx.warning and ctx.progress: what a function tells the user while it runs, on the wire.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, type App, type FnContext } from 'g-kit/server'
import type { ProgressMessage, ToastMessage } from '../../server/protocol.js'
import { captureLog, closeAll, connect, gate, graph, on } from './_ws.js'

afterEach(() => closeAll())

describe('messages to the user', () => {
  let app: App
  let url: string
  const halfway = gate()
  before(async () => {
    app = createApp({ log: captureLog().log })
    app.fn('notify', (ctx: FnContext) => {
      ctx.info('Saved')
      ctx.warning('Disk almost full')
      return 'ok'
    })
    app.fn('long_notice', (ctx: FnContext) => ctx.info('x'.repeat(10_000)))
    app.fn('work', async (ctx: FnContext) => {
      ctx.progress(0.25, 'Reading')
      await halfway.promise
      await new Promise((resolve) => setTimeout(resolve, 60)) // past the 50 ms that merge reports
      ctx.progress(7, 'Done')
      return 'ok'
    })
    app.fn('busy_loop', async (ctx: FnContext) => {
      for (let i = 1; i <= 10_000; i++) ctx.progress(i / 10_000, `item ${i}`)
      await new Promise((resolve) => setTimeout(resolve, 120))
      return 'ok'
    })
    app.fn('nan', (ctx: FnContext) => ctx.progress(Number.NaN))
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())

  const page = graph({
    controls: ['out'],
    listeners: [on('a.click', 'notify', '', 'out'), on('b.click', 'long_notice'), on('c.click', 'work', '', 'out'), on('d.click', 'busy_loop', '', 'out'), on('e.click', 'nan')],
  })

  it('sends ctx.info and ctx.warning as toasts, in order, before the result', async () => {
    const client = await connect(url, page)
    const { messages } = await client.event('a.click')
    const toasts = messages.filter((m): m is ToastMessage => m.t === 'toast')
    assert.deepEqual(toasts, [
      { t: 'toast', level: 'info', message: 'Saved' },
      { t: 'toast', level: 'warning', message: 'Disk almost full' },
    ])
    assert.ok(messages.indexOf(toasts[1]!) < messages.findIndex((m) => m.t === 'update'))
  })

  it('cuts a long notice', async () => {
    const client = await connect(url, page)
    const { messages } = await client.event('b.click')
    const toast = messages.find((m): m is ToastMessage => m.t === 'toast')!
    assert.equal(toast.message.length, 2000)
    assert.ok(toast.message.endsWith('…'))
  })

  it('sends progress while the function runs, naming the event and listener, the fraction kept within 0..1', async () => {
    const client = await connect(url, page)
    const id = client.nextId()
    client.send({ t: 'event', id, trigger: 'c.click', values: {} })
    const [first] = (await client.until((m) => m.t === 'progress', 'the first progress')).filter((m) => m.t === 'progress') as ProgressMessage[]
    assert.deepEqual(first, { t: 'progress', e: id, l: 2, fraction: 0.25, description: 'Reading' })
    halfway.open()
    const messages = await client.until((m) => m.t === 'done', 'the done')
    const last = messages.filter((m): m is ProgressMessage => m.t === 'progress').at(-1)!
    assert.equal(last.fraction, 1)
    assert.equal(last.description, 'Done')
  })

  it('merges progress reported faster than 50 ms apart: few messages, the newest last', async () => {
    const client = await connect(url, page)
    const { messages } = await client.event('d.click')
    const progress = messages.filter((m): m is ProgressMessage => m.t === 'progress')
    assert.ok(progress.length >= 2 && progress.length <= 5, `${progress.length} progress messages`)
    assert.deepEqual([progress.at(-1)!.fraction, progress.at(-1)!.description], [1, 'item 10000'])
  })

  it('reads a fraction that is not a number as 0', async () => {
    const client = await connect(url, page)
    const { messages } = await client.event('e.click')
    assert.equal(messages.find((m): m is ProgressMessage => m.t === 'progress')!.fraction, 0)
  })
})
