import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expectValue, useGallery, waitFor } from './_browser.js'

const built = existsSync(new URL('../../examples/spa/dist/index.html', import.meta.url))

/** Opens the React shop and waits until React has rendered its `<g-app>` and the server welcomed it. */
async function openShop(gallery: ReturnType<typeof useGallery>): Promise<Page> {
  assert.ok(built, 'examples/spa is not built: run `npm run build && npm run build:spa`')
  const page = await gallery.open('spa/')
  await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
  return page
}

/** What the server's cart holds, as the page's `<g-json name="contents">` shows it. */
async function cart(page: Page): Promise<unknown> {
  return page.locator('g-json[name=contents]').evaluate((element) => (element as unknown as { value: unknown }).value)
}

async function expectCart(page: Page, expected: string[]): Promise<void> {
  await waitFor(async () => JSON.stringify(await cart(page)) === JSON.stringify(expected), `the cart to be ${JSON.stringify(expected)}`).catch(async () => {
    assert.deepEqual(await cart(page), expected)
  })
}

async function errorsShown(page: Page): Promise<string[]> {
  return page.locator('g-app').evaluate((app) => [...app.shadowRoot!.querySelectorAll('[part=error] span')].map((span) => span.textContent ?? ''))
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })

async function addToList(page: Page, product: string): Promise<void> {
  await page.getByLabel('New product').fill(product)
  await button(page, 'Add to the list').click()
}

async function placeOrder(page: Page, address: string): Promise<void> {
  await page.getByLabel('Address').fill(address)
  await button(page, 'Place order').click()
}

describe('example: a React shop (spa)', () => {
  const gallery = useGallery()

  it('sends each React-rendered button’s value with its click, and React reads the cart back', async () => {
    const page = await openShop(gallery)
    await button(page, 'Add Apples').click()
    await button(page, 'Add Milk').click()
    await button(page, 'Add Apples').click()
    await expectCart(page, ['Apples', 'Milk', 'Apples'])
    // React's own state, set from the `change` that the server's value fired on <g-json>.
    await page.getByLabel('Check out 3 items').waitFor()
    assert.deepEqual(await errorsShown(page), [])
  })

  it('wires the products React adds later, and the others still work after one is removed', async () => {
    const page = await openShop(gallery)
    await addToList(page, 'Kiwis')
    await button(page, 'Add Kiwis').click()
    await expectCart(page, ['Kiwis'])
    await button(page, 'Remove Bread').click()
    assert.equal(await button(page, 'Add Bread').count(), 0)
    await button(page, 'Add Milk').click()
    await expectCart(page, ['Kiwis', 'Milk'])
    assert.deepEqual(await errorsShown(page), [])
  })

  it('shows and hides the checkout with React state, which works each time it shows', async () => {
    const page = await openShop(gallery)
    const checkout = page.getByLabel(/Check out \d+ items?/)
    await button(page, 'Add Apples').click()
    await checkout.check()
    await placeOrder(page, '1 Main Street')
    await expectValue(page.getByLabel('Receipt'), 'Order 1: Apples to 1 Main Street')
    await expectCart(page, [])
    await checkout.uncheck()
    assert.equal(await page.getByLabel('Address').count(), 0)
    await checkout.check()
    assert.equal(await page.getByLabel('Address').inputValue(), '', 'a new checkout starts empty')
    await button(page, 'Add Bread').click()
    await placeOrder(page, '2 High Street')
    await expectValue(page.getByLabel('Receipt'), 'Order 2: Bread to 2 High Street')
    assert.deepEqual(await errorsShown(page), [])
  })

  it('runs each click’s function exactly once after twenty mount/unmount cycles', async () => {
    const page = await openShop(gallery)
    const checkout = page.getByLabel(/Check out \d+ items?/)
    for (let i = 0; i < 20; i++) {
      await checkout.check()
      await page.getByLabel('Address').waitFor()
      await checkout.uncheck()
      await button(page, 'Remove Milk').click()
      await addToList(page, 'Milk')
    }
    await checkout.check()
    await button(page, 'Add Milk').click()
    await button(page, 'Add Apples').click()
    await expectCart(page, ['Milk', 'Apples'])
    await placeOrder(page, '3 Low Road')
    await expectValue(page.getByLabel('Receipt'), 'Order 1: Milk, Apples to 3 Low Road')
    // Events of a session run in order: once this one's result shows, a second run of any click above would have shown too.
    await button(page, 'Add Bread').click()
    await expectCart(page, ['Bread'])
    assert.equal(await page.getByLabel('Receipt').inputValue(), 'Order 1: Milk, Apples to 3 Low Road')
    assert.deepEqual(await errorsShown(page), [])
  })
})
