// Embeds that never collide: two kit.js bundles from two servers on one CMS page, under a strict CSP.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createApp, type Listening } from 'g-kit/server'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectText, expectValue } from './_browser.js'

/** An app that says which server it is. */
function widget(label: string): string {
  return `<g-app><g-button fn="whoami" outputs="who">Ask ${label}</g-button><g-textbox name="who" label="Answer ${label}"></g-textbox></g-app>`
}

const kit = (server: string) => `<script type="module" src="${server}g/kit.js"></script>`

describe('embeds from several servers on one page', () => {
  let browser: Browser
  let cms: Server
  let cmsOrigin: string
  let pages: Record<string, string> = {}
  let csp = ''
  const servers: Listening[] = []

  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    cms = createServer((request, response) => {
      const body = pages[new URL(request.url!, 'http://x').pathname] ?? ''
      response.writeHead(body ? 200 : 404, { 'content-type': 'text/html', 'content-security-policy': csp }).end(body)
    })
    await new Promise<void>((resolve) => cms.listen(0, '127.0.0.1', resolve))
    const address = cms.address()
    cmsOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    for (const name of ['one', 'two']) {
      const app = createApp({ origins: [cmsOrigin] })
      app.fn('whoami', () => `server ${name}`)
      servers.push(await app.listen({ port: 0 }))
    }
    const [one, two] = servers.map((server) => server.url)
    const hosts = servers.map((server) => new URL(server.url).host)
    // No 'unsafe-eval', no inline script: g-kit must need neither.
    csp = `default-src 'self'; script-src ${hosts.map((h) => `http://${h}`).join(' ')}; connect-src ${hosts.map((h) => `ws://${h}`).join(' ')}; img-src data:`
    pages = {
      '/two-widgets': `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
        ${kit(one!)}${widget('one')}
        <p>An article between the widgets.</p>
        ${kit(two!)}${widget('two')}
      </body></html>`,
      '/scripts-last': `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
        ${widget('first')}${kit(one!)}${kit(two!)}
      </body></html>`,
    }
  })
  after(async () => {
    await browser.close()
    await Promise.all(servers.map((server) => server.close()))
    cms.close()
  })

  /** A page that records what would show a collision: uncaught errors, console errors, CSP violations. */
  async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective}`))
    })
    await page.goto(`${cmsOrigin}${path}`)
    return { page, problems }
  }

  it('defines the elements once, and each app talks to the server whose kit.js precedes it, under a strict CSP', async () => {
    const { page, problems } = await openPage('/two-widgets')
    await page.getByRole('button', { name: 'Ask one' }).click()
    await page.getByRole('button', { name: 'Ask two' }).click()
    await expectValue(page.getByLabel('Answer one'), 'server one')
    await expectValue(page.getByLabel('Answer two'), 'server two')
    assert.deepEqual(problems, [])
  })

  it('tells the page to set `server` when several servers are on the page and no kit.js precedes the app', async () => {
    const { page, problems } = await openPage('/scripts-last')
    await expectText(page.locator('g-app'), 'set its server attribute')
    assert.deepEqual(problems, [])
  })
})
