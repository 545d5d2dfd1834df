// kit.js on a page of another origin: its lazy chunks load from the kit's own server, and its
// elements are defined and upgraded once the script has run, for the page's scripts after it.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { chromium, type Browser } from 'playwright-core'
import { createApp, type Listening } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'

const MARKDOWN = '# Notes\n\nSome **bold** text.\n\n```python\ndef add(a, b):\n    return a + b\n```'

/** A page on another origin (a CMS) that loads kit.js from the g-kit server. */
function cmsPage(kitUrl: string): string {
  return `<!doctype html><html><head><link rel="icon" href="data:,">
    <script>window.seen = {}</script>
    <script type="module" src="${kitUrl}"></script>
    <script type="module">
      // A module script after kit.js finds the elements defined and upgraded.
      const box = document.querySelector('g-textbox')
      seen.definedAfterKit = box instanceof (customElements.get('g-textbox') ?? class {})
      customElements.define('x-own', class extends HTMLElement {})
      seen.ownDefined = !!customElements.get('x-own')
    </script></head><body>
    <g-app>
      <g-textbox name="name" label="Name"></g-textbox>
      <g-markdown name="notes" value="${MARKDOWN.replace(/"/g, '&quot;')}"></g-markdown>
    </g-app></body></html>`
}

describe('kit.js on a page of another origin', () => {
  let browser: Browser
  let cms: Server
  let cmsOrigin: string
  let kit: Listening

  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    kit = await createApp({ origins: ['*'] }).listen({ port: 0 })
    cms = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(cmsPage(new URL('g/kit.js', kit.url).href))
    })
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve))
    const address = cms.address()
    cmsOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  after(async () => {
    await browser.close()
    await kit.close()
    cms.close()
  })

  it('renders Markdown with the chunks it loads from the kit’s server, highlighted and sanitized', async () => {
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(`${cmsOrigin}/`)
    const markdown = page.locator('g-markdown')
    await markdown.locator('h1').waitFor()
    assert.equal(await markdown.locator('h1').textContent(), 'Notes')
    assert.equal(await markdown.locator('strong').textContent(), 'bold')
    assert.equal(await markdown.locator('pre .hljs-keyword').first().textContent(), 'def')
    const chunks = requests.filter((url) => /\/lazy-[a-z]+-[\w-]+\.js$/.test(url))
    assert.ok(chunks.some((url) => url.includes('/lazy-markdown-')), `chunks requested: ${chunks.join(', ')}`)
    assert.ok(chunks.every((url) => url.startsWith(new URL('g/', kit.url).href)), `chunks from the kit's server: ${chunks.join(', ')}`)
    assert.deepEqual(errors, [])
    await page.close()
  })

  it('defines and upgrades its elements once kit.js has run, and leaves the page’s own definitions alone', async () => {
    const page = await browser.newPage()
    await page.goto(`${cmsOrigin}/`)
    await page.waitForFunction(() => (window as { seen?: { ownDefined?: boolean } }).seen?.ownDefined !== undefined)
    const seen = await page.evaluate(() => (window as unknown as { seen: Record<string, boolean> }).seen)
    assert.deepEqual(seen, { definedAfterKit: true, ownDefined: true })
    await page.close()
  })
})
