import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { useGallery } from './_browser.js'

describe('the examples gallery', () => {
  const gallery = useGallery()

  it('links to every example, each of which loads its app', async () => {
    const page = await gallery.browser.newPage()
    await page.goto(gallery.url)
    const links = page.getByRole('link')
    const titles = ['Shopping cart', 'Store message', 'Top scores', 'Two counters', 'Visitors', 'Remember me', 'Todo list', 'State changes', 'Shop (React)', 'Cart with an API', 'Interface', 'Chat', 'Kitchen sink', 'Cleaning up']
    assert.deepEqual(await links.allTextContents(), titles)
    for (const name of titles) {
      await page.getByRole('link', { name }).click()
      await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
      assert.equal(await page.locator('h1').textContent(), name)
      await page.goBack()
    }
  })

  it('redirects an example folder without its trailing slash', async () => {
    const response = await fetch(new URL('cart', gallery.url), { redirect: 'manual' })
    assert.equal(response.status, 302)
    assert.equal(new URL(response.headers.get('location')!, gallery.url).pathname, '/cart/')
  })
})
