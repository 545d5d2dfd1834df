// The "api" example does what its README shows: the curl calls (as fetch) and the @gradio/client
// script, run as a child process against the example's app.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { app } from '../../examples/api/app.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))

async function post(url: string, fn: string, body: object, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(`g/api/${fn}`, url), { method: 'POST', body: JSON.stringify(body), headers })
  return { status: response.status, text: await response.text() }
}

describe('the "api" example', () => {
  let url: string
  before(async () => {
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())

  it('answers the README\'s curl calls as shown', async () => {
    const listed = await (await fetch(new URL('g/api', url))).text()
    assert.equal(
      listed,
      '{"functions":[{"name":"add_items","inputs":["items"],"outputs":[],"generator":false},{"name":"cart_size","inputs":[],"outputs":["size"],"generator":false},{"name":"checkout","inputs":[],"outputs":["status"],"generator":true}]}',
    )
    const { session } = JSON.parse((await post(url, 'add_items', { inputs: [['Milk', 'Eggs']] })).text) as { session: string }
    assert.equal((await post(url, 'add_items', { inputs: [['Water']], session })).text, `{"outputs":[],"session":"${session}"}`)
    assert.equal((await post(url, 'cart_size', { inputs: [], session })).text, `{"outputs":[3],"session":"${session}"}`)
    const streamed = await post(url, 'checkout', { inputs: [], session }, { accept: 'text/event-stream' })
    assert.equal(
      streamed.text,
      [
        'event: outputs\ndata: {"outputs":["Packing Milk (1/3)"]}\n',
        'event: outputs\ndata: {"outputs":["Packing Eggs (2/3)"]}\n',
        'event: outputs\ndata: {"outputs":["Packing Water (3/3)"]}\n',
        'event: outputs\ndata: {"outputs":["Paid for 3 items: Milk, Eggs, Water"]}\n',
        `event: done\ndata: {"outputs":["Paid for 3 items: Milk, Eggs, Water"],"session":"${session}"}\n\n`,
      ].join('\n'),
    )
    const empty = await post(url, 'checkout', { inputs: [], session })
    assert.deepEqual(empty, { status: 422, text: `{"error":"The cart is empty: add items first","session":"${session}"}` })
    assert.equal((await post(url, 'cart_size', { inputs: [1] })).text, `{"error":"'cart_size' takes no inputs; the request gives 1"}`)
  })

  it('runs the README\'s @gradio/client script with the output it shows', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/api/gradio-client.ts', url], { cwd: repo, timeout: 30_000 })
    assert.equal(
      stdout,
      [
        'cart size: [ 3 ]',
        "checkout: [ 'Packing Milk (1/3)' ]",
        "checkout: [ 'Packing Eggs (2/3)' ]",
        "checkout: [ 'Packing Water (3/3)' ]",
        "checkout: [ 'Paid for 3 items: Milk, Eggs, Water' ]",
        "checkout: [ 'Paid for 3 items: Milk, Eggs, Water' ]",
        'error: The cart is empty: add items first',
        '',
      ].join('\n'),
    )
  })

  it('runs the README\'s connect() script with the output it shows', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/api/connect-client.ts', url], { cwd: repo, timeout: 30_000 })
    assert.equal(
      stdout,
      [
        'cart size: 3',
        'checkout: Packing Milk (1/3)',
        'checkout: Packing Eggs (2/3)',
        'checkout: Packing Water (3/3)',
        'checkout: Paid for 3 items: Milk, Eggs, Water',
        'error: The cart is empty: add items first',
        '',
      ].join('\n'),
    )
  })
})
