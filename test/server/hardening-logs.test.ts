// What a page can make the server write to its log: a warning it can repeat at will (a browser
// state's token that does not open) is logged once, not once per event.
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
})
