// The page after a lost session (issue 9.7): the server restarts while the user clicks.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { createApp, type Listening } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectText, expectValue, waitFor } from './_browser.js'

const cartFolder = fileURLToPath(new URL('../../examples/cart/', import.meta.url))
let adds = 0

/** The cart example's app, on `port`; it counts the items it adds. */
async function cartServer(port = 0): Promise<Listening> {
  const app = createApp({ static: cartFolder })
  app.fn('add_items', (items: string[], cart: string[]) => ((adds += items.length), [...cart, ...items]))
  app.fn('cart_size', (cart: string[]) => cart.length)
  const server = await app.listen({ port })
  return { url: server.url, close: () => app.close() }
}

describe('the page after its session is lost', () => {
  let browser: Browser
  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
  })
  after(() => browser.close())

  it('names the click made while the server was down as not done, and shows no value from the old session', async () => {
    const first = await cartServer()
    const port = Number(new URL(first.url).port)
    const page = await browser.newPage()
    await page.goto(first.url)
    await waitFor(() => page.evaluate(() => !!(document.querySelector('g-app') as { session?: string }).session), 'the session')
    await page.getByLabel('Milk').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '1')

    await first.close()
    await expectText(page.locator('g-app'), 'Reconnecting', 10_000)
    await page.getByRole('button', { name: 'Add Items' }).click() // while the server is down
    const addsBefore = adds
    const second = await cartServer(port)
    try {
      await expectText(page.locator('g-app'), 'a new one has started', 20_000)
      await expectText(page.locator('g-app'), 'Not done: “Add Items” (click)')
      await expectValue(page.getByLabel('Cart Size'), '') // the old session's size is gone, not shown as if current
      assert.equal(adds, addsBefore, 'the click made while down did not run in the new session')
      await page.getByRole('button', { name: 'Add Items' }).click()
      await expectValue(page.getByLabel('Cart Size'), '1')
    } finally {
      await second.close()
    }
  })
})
