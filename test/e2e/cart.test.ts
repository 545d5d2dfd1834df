import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { expectValue, useGallery } from './_browser.js'

describe('example: shopping cart', () => {
  const gallery = useGallery()

  it('adds the checked items and shows the cart size', async () => {
    const page = await gallery.open('cart/')
    await page.getByLabel('Milk').check()
    await page.getByLabel('Water').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '2')
    await page.getByLabel('Water').uncheck()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '3')
  })

  it('gives each visitor a cart of their own', async () => {
    const first = await gallery.open('cart/')
    const second = await gallery.open('cart/')
    await first.getByLabel('Cereal').check()
    await first.getByRole('button', { name: 'Add Items' }).click()
    await first.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(first.getByLabel('Cart Size'), '2')
    await second.getByLabel('Milk').check()
    await second.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(second.getByLabel('Cart Size'), '1')
    await first.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(first.getByLabel('Cart Size'), '3')
  })

  it('starts a new, empty cart when the page reloads', async () => {
    const page = await gallery.open('cart/')
    await page.getByLabel('Milk').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '1')
    await page.reload()
    await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
    await page.getByLabel('Water').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '1')
  })

  it('loses nothing when the button is clicked 20 times in a row', async () => {
    const page = await gallery.open('cart/')
    await page.getByLabel('Milk').check()
    await page.locator('g-button').evaluate((button) => {
      for (let i = 0; i < 20; i++) button.shadowRoot!.querySelector('button')!.click()
    })
    await expectValue(page.getByLabel('Cart Size'), '20')
  })

  it('never sends the cart itself to the browser', async () => {
    const page = await gallery.browser.newPage()
    const received: string[] = []
    const sent: string[] = []
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => received.push(String(frame.payload)))
      socket.on('framesent', (frame) => sent.push(String(frame.payload)))
    })
    await page.goto(new URL('cart/', gallery.url).href)
    await page.getByLabel('Orange Juice').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '2')
    assert.ok(sent.some((frame) => frame.includes('Orange Juice')), 'the checked item travels up as the control value')
    assert.ok(received.length >= 3, 'frames came back')
    for (const frame of received) assert.ok(!frame.includes('Orange Juice'), `a frame to the browser carries the cart: ${frame}`)
  })
})
