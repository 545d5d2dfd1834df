// What a page can make the server write to its log: a warning it can repeat at will (a browser
// state's token that does not open), or a function's failure, is logged once, not once per event.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApp, type App } from 'g-kit/server'
import { captureLog, closeAll, connect, graph, on } from './_ws.js'

describe('a page that repeats what the server warns about', () => {
  const logged = captureLog()
  let app: App
  let url: string

  before(async () => {
    app = createApp({ secret: 'a secret of at least sixteen characters', log: logged.log })
    app.fn('show_note', (note: unknown) => note, { inputs: ['note'], outputs: ['shown'] })
    app.fn('parse', (text: string) => JSON.parse(text) as unknown, { inputs: ['text'], outputs: ['shown'] })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  it('gets the default for each token that does not open, and the log says so once, not once per event', async () => {
    const page = graph({ controls: ['shown', 'go'], browser: [{ name: 'note', key: 'g:note', value: 'nothing saved' }], listeners: [on('go.click', 'show_note', 'note', 'shown')] })
    const pages = [await connect(url, page), await connect(url, page)]
    for (const client of pages) {
      for (let i = 0; i < 50; i++) {
        const result = await client.event('go.click', { note: `g2.forged-${i}` })
        assert.ok(result.ends.length === 1 && result.ends[0]!.ok, JSON.stringify(result.messages))
        // The first event shows the default; the others, the same value again, change nothing.
        if (i === 0) assert.deepEqual(result.updates.map((u) => u.values?.shown), ['nothing saved'])
      }
    }
    const warnings = logged.calls.filter((c) => /browser state 'note'.*cannot be opened/.test(String(c.args[0])))
    assert.equal(warnings.length, 1, logged.text())
  })

  it('answers every call of a function that throws, and logs the same failure once in a session', async () => {
    const page = graph({ controls: ['text', 'shown', 'go'], listeners: [on('go.click', 'parse', 'text', 'shown')] })
    const client = await connect(url, page)
    for (let i = 0; i < 50; i++) {
      const result = await client.event('go.click', { text: '{' })
      assert.equal(result.ends[0]?.ok, false, JSON.stringify(result.messages))
      assert.match(String(result.ends[0]?.error), /failed/)
    }
    const failures = logged.calls.filter((c) => c.level === 'error' && /'parse'.* failed in session/.test(String(c.args[0])))
    assert.equal(failures.length, 1, logged.text())
    assert.ok(failures[0]!.args[1] instanceof SyntaxError, 'the error itself is logged, with its stack')
  })
})
