import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createApp, type Listening } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectValue, waitFor } from './_browser.js'

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

describe('global state, live in every page', () => {
  let browser: Browser
  let server: Listening
  let url: string

  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    const app = createApp({ static: fixtures })
    app.global('count', 0)
    // Awaits between its read and its write: only the global's lock keeps concurrent increments whole.
    app.fn('increment', async (n: number) => {
      await new Promise((resolve) => setImmediate(resolve))
      return n + 1
    })
    app.fn('show', (n: number) => n)
    const listening = await app.listen({ port: 0 })
    server = { url: listening.url, close: () => app.close() }
    url = new URL('counter.html', listening.url).href
  })
  after(async () => {
    await browser.close()
    await server.close()
  })

  async function openPages(count: number): Promise<Page[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const page = await (await browser.newContext()).newPage()
        await page.goto(url)
        await waitFor(async () => !!(await page.evaluate(() => (document.querySelector('g-app') as { session?: string }).session)), 'the session')
        return page
      }),
    )
  }

  const closeAll = (pages: Page[]) => Promise.all(pages.map((page) => page.context().close()))

  it('shows a write in one page in every other open page, with no action there', async () => {
    const start = Number(await (await openPages(1))[0]!.getByLabel('Count').inputValue())
    for (const count of [2, 10]) {
      const pages = await openPages(count)
      await pages[0]!.getByRole('button', { name: 'Increment' }).click()
      const expected = String(start + (count === 2 ? 1 : 2))
      for (const page of pages) await expectValue(page.getByLabel('Count'), expected)
      await closeAll(pages)
    }
  })

  it('ends at exactly 500 after ten pages make 50 increments each at once', async () => {
    const pages = await openPages(10)
    const start = Number(await pages[0]!.getByLabel('Count').inputValue())
    await Promise.all(
      pages.map((page) =>
        page.locator('g-button').evaluate((button) => {
          for (let i = 0; i < 50; i++) button.shadowRoot!.querySelector('button')!.click()
        }),
      ),
    )
    for (const page of pages) await expectValue(page.getByLabel('Count'), String(start + 500), 20_000)
    await closeAll(pages)
  })

  it('shows the current value to a page that opens later', async () => {
    const [first] = await openPages(1)
    const now = String(Number(await first!.getByLabel('Count').inputValue()) + 1)
    await first!.getByRole('button', { name: 'Increment' }).click()
    await expectValue(first!.getByLabel('Count'), now)
    const [late] = await openPages(1)
    await expectValue(late!.getByLabel('Count'), now)
  })
})
