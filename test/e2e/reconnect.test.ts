import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createApp, type Listening } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectText, expectValue, waitFor } from './_browser.js'

const cartFolder = fileURLToPath(new URL('../../examples/cart/', import.meta.url))

/** The cart example's app, on `port`. */
async function cartServer(port = 0): Promise<Listening> {
  const app = createApp({ static: cartFolder })
  app.fn('add_items', (items: string[], cart: string[]) => [...cart, ...items])
  app.fn('cart_size', (cart: string[]) => cart.length)
  const server = await app.listen({ port })
  return { url: server.url, close: () => app.close() }
}

/** A TCP proxy in front of the server: it can cut every connection, as a network blip would, and refuse new ones. */
async function proxy(target: number) {
  const sockets = new Set<Socket>()
  let refusing = false
  const server: Server = createServer((client) => {
    if (refusing) return client.destroy()
    const upstream = connect(target, '127.0.0.1').on('error', () => client.destroy())
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket)).on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    cut: () => sockets.forEach((socket) => socket.destroy()),
    refuse: (value: boolean) => void (refusing = value),
    connections: () => sockets.size,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), sockets.forEach((s) => s.destroy()))),
  }
}

const sessionOf = (page: Page) => page.evaluate(() => (document.querySelector('g-app') as { session?: string }).session)

describe('reconnecting', () => {
  let browser: Browser
  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
  })
  after(() => browser.close())

  it('keeps the cart through a dropped connection, and sends what was clicked meanwhile, in order', async () => {
    const server = await cartServer()
    const net = await proxy(Number(new URL(server.url).port))
    try {
      const page = await browser.newPage()
      await page.goto(net.url)
      await waitFor(async () => !!(await sessionOf(page)), 'the session')
      const session = await sessionOf(page)
      await page.getByLabel('Milk').check()
      await page.getByRole('button', { name: 'Add Items' }).click()
      await expectValue(page.getByLabel('Cart Size'), '1')

      net.refuse(true)
      net.cut()
      await expectText(page.locator('g-app'), 'Reconnecting')
      await page.getByRole('button', { name: 'Add Items' }).click()
      await page.getByLabel('Water').check()
      await page.getByRole('button', { name: 'Add Items' }).click()
      net.refuse(false)

      await expectValue(page.getByLabel('Cart Size'), '4', 20_000)
      assert.equal(await sessionOf(page), session)
    } finally {
      await net.close()
      await server.close()
    }
  })

  it('says plainly that the session is gone when the server restarted, and starts a new one', async () => {
    const first = await cartServer()
    const port = Number(new URL(first.url).port)
    const page = await browser.newPage()
    await page.goto(first.url)
    await waitFor(async () => !!(await sessionOf(page)), 'the session')
    const session = await sessionOf(page)
    await page.getByLabel('Cereal').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '1')

    await first.close()
    const second = await cartServer(port)
    try {
      await expectText(page.locator('g-app'), 'a new one has started', 20_000)
      assert.notEqual(await sessionOf(page), session)
      await page.getByRole('button', { name: 'Add Items' }).click()
      await expectValue(page.getByLabel('Cart Size'), '1')
    } finally {
      await second.close()
    }
  })
})
