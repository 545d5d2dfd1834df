import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { chromium, type Browser } from 'playwright-core'
import { createApp, type Listening } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectText, expectValue } from './_browser.js'

/** A page on another origin (a CMS) that loads kit.js from the g-kit server and declares an app without `server`. */
function cmsPage(kitUrl: string): string {
  return `<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="${kitUrl}"></script></head><body>
    <g-app>
      <g-textbox name="name" label="Name"></g-textbox>
      <g-button fn="greet" inputs="name" outputs="greeting">Greet</g-button>
      <g-textbox name="greeting" label="Greeting"></g-textbox>
    </g-app></body></html>`
}

describe('a page on another origin that loads kit.js from the server', () => {
  let browser: Browser
  let cms: Server
  let cmsOrigin: string
  const servers: Listening[] = []

  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    cms = createServer((request, response) => {
      const kit = new URL(request.url!, 'http://x').searchParams.get('kit')!
      response.writeHead(200, { 'content-type': 'text/html' }).end(cmsPage(kit))
    })
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve))
    const address = cms.address()
    cmsOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  after(async () => {
    await browser.close()
    await Promise.all(servers.map((server) => server.close()))
    cms.close()
  })

  async function serve(origins: string[]): Promise<string> {
    const app = createApp({ origins })
    app.fn('greet', (name: string) => `Hello, ${name || 'world'}!`)
    const server = await app.listen({ port: 0 })
    servers.push(server)
    return server.url
  }

  it('talks to the server its script came from when the server allows that origin', async () => {
    const server = await serve([cmsOrigin])
    const page = await browser.newPage()
    await page.goto(`${cmsOrigin}/?kit=${encodeURIComponent(server + 'g/kit.js')}`)
    await page.getByLabel('Name').fill('Ada')
    await page.getByRole('button', { name: 'Greet' }).click()
    await expectValue(page.getByLabel('Greeting'), 'Hello, Ada!')
  })

  it('says plainly that it cannot connect when the server does not allow that origin', async () => {
    const server = await serve([])
    const page = await browser.newPage()
    await page.goto(`${cmsOrigin}/?kit=${encodeURIComponent(server + 'g/kit.js')}`)
    // The server names the refused origin in a frame before it closes the socket (4003), and the page shows it.
    await expectText(page.locator('g-app'), `this page's origin ${cmsOrigin} is not in the server's origins: add it to createApp({ origins })`)
    assert.equal(await page.evaluate(() => (document.querySelector('g-app') as { session?: string }).session), undefined)
  })
})
