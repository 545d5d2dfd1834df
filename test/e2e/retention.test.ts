import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { createApp, type App } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectValue, waitFor } from './_browser.js'

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

describe('a closed tab, through the page', () => {
  let browser: Browser
  let app: App
  let url: string
  const deleted: unknown[] = []
  const unloaded: string[] = []

  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    app = createApp({ static: fixtures, closedTtl: 0.3, sweepInterval: 0.05 })
    app.state('count', { value: 0, onDelete: (value) => void deleted.push(value) })
    app.fn('increment', (n: number) => [n + 1, n + 1])
    app.onUnload(({ session }) => void unloaded.push(session.id))
    url = new URL('retention.html', (await app.listen({ port: 0 })).url).href
  })
  after(async () => {
    await browser.close()
    await app.close()
  })

  it('runs onDelete with 4 and onUnload once, after the retention, when a page clicked 4 times closes', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await waitFor(async () => !!(await page.evaluate(() => (document.querySelector('g-app') as { session?: string }).session)), 'the session')
    const session = await page.evaluate(() => (document.querySelector('g-app') as { session?: string }).session!)
    for (let i = 1; i <= 4; i++) {
      await page.getByRole('button', { name: 'Increment' }).click()
      await expectValue(page.getByLabel('Count'), String(i))
    }
    assert.deepEqual(unloaded, [], 'nothing ends while the page is open')
    await page.close()
    await waitFor(() => unloaded.length > 0, 'onUnload')
    assert.deepEqual(deleted, [4])
    assert.deepEqual(unloaded, [session])
  })
})
