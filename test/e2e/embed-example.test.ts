// The "embed" example: a page on an origin of its own with two apps from two g-kit servers.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { chromium, type Browser } from 'playwright-core'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectValue } from './_browser.js'
import { startEmbedDemo } from '../../examples/embed/serve.js'

describe('example: embed (two servers on one page of another origin)', () => {
  let browser: Browser
  let demo: Awaited<ReturnType<typeof startEmbedDemo>>

  before(async () => {
    demo = await startEmbedDemo({ cms: 0, cart: 0, counters: 0 })
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
  })
  after(async () => {
    await browser?.close()
    await demo?.close()
  })

  it('runs each app against its own server, with no error on the page', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    await page.goto(demo.url)
    await page.getByLabel('Milk').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '1')
    await page.getByRole('button', { name: 'Increment A' }).click()
    await page.getByRole('button', { name: 'Increment A' }).click()
    await expectValue(page.getByLabel('Number A'), '2')
    const sessions = await page.$$eval('g-app', (apps) => apps.map((app) => (app as { session?: string }).session))
    assert.equal(sessions.length, 2)
    assert.ok(sessions.every(Boolean) && sessions[0] !== sessions[1])
    assert.deepEqual(errors, [])
  })
})
