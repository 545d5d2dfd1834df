// (e) In Chromium: click to updated DOM. A g-button whose listener writes a session state and the
// g-number that shows it, against a page whose click sends the same frame to the bare echo and
// writes the reply into a DOM node. Timed in the page with performance.now().
import type { Page } from 'playwright-core'
import { launchChromium } from './_chromium.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { summarize } from './_stats.js'

const WARMUP = 20
const CLICKS = 200
/** Blocks of clicks, alternating between the pages, so that drift on the machine hits both alike. */
const BLOCKS = 4

export async function clickToDom(): Promise<Figure[]> {
  const [appServer, echoServer] = await Promise.all([forkServer('app', { isolated: true }), forkServer('echo', { isolated: true })])
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    const [echoPage, appPage] = await Promise.all([context.newPage(), context.newPage()])
    const errors: Error[] = []
    for (const page of [echoPage, appPage]) page.on('pageerror', (error) => errors.push(error))
    await echoPage.goto(new URL('echo.html', echoServer.url).href)
    await echoPage.waitForFunction(() => (window as { benchReady?: boolean }).benchReady)
    await appPage.goto(new URL('click.html', appServer.url).href)
    await appPage.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
    if (!(await appPage.evaluate(() => crossOriginIsolated))) throw new Error('the pages are not cross-origin isolated: their clocks would tick in 100 µs steps')
    await clickEcho(echoPage, WARMUP, 0)
    await clickApp(appPage, WARMUP, 0)
    const echoTimes: number[] = []
    const appTimes: number[] = []
    // Chromium draws frames only for the page in front: each page is brought there for its clicks.
    for (let block = 0; block < BLOCKS; block++) {
      await echoPage.bringToFront()
      echoTimes.push(...(await clickEcho(echoPage, CLICKS / BLOCKS, WARMUP + echoTimes.length)))
      await appPage.bringToFront()
      appTimes.push(...(await clickApp(appPage, CLICKS / BLOCKS, WARMUP + appTimes.length)))
    }
    if (errors.length) throw errors[0]
    const app = summarize(appTimes)
    const echo = summarize(echoTimes)
    return [
      ratioFigure({
        key: 'browser.click',
        name: '(e) click to updated DOM, median',
        unit: 'ms',
        value: app.median,
        baseline: { name: 'WebSocket echo page', value: echo.median },
        note: `median of ${CLICKS} clicks per page after ${WARMUP}, in alternating blocks of ${CLICKS / BLOCKS}, timed in the (cross-origin isolated) page from click() until the g-number has rendered (its change event, then updateComplete) or, in the echo page, until a MutationObserver saw the new text; p99 ${app.p99.toFixed(2)} ms against ${echo.p99.toFixed(2)} ms`,
      }),
    ]
  } finally {
    await browser.close()
    await Promise.all([appServer.stop(), echoServer.stop()])
  }
}

/** Clicks the g-button's native button `clicks` times, each time waiting for the g-number to render the new count. */
async function clickApp(page: Page, clicks: number, before: number): Promise<number[]> {
  const { times, shown } = await page.evaluate(
    async (clicks) => {
      type Number = HTMLElement & { value: number | null; updateComplete: Promise<boolean> }
      const button = document.querySelector('g-button')!.shadowRoot!.querySelector('button')!
      const number = document.querySelector('g-number') as Number
      const times: number[] = []
      for (let i = 0; i < clicks; i++) {
        const changed = new Promise((resolve) => number.addEventListener('change', resolve, { once: true }))
        const t0 = performance.now()
        button.click()
        await changed
        await number.updateComplete
        times.push(performance.now() - t0)
      }
      return { times, shown: number.shadowRoot!.querySelector('input')!.value }
    },
    clicks,
  )
  if (shown !== String(before + clicks)) throw new Error(`the g-number shows ${shown} after ${before + clicks} clicks`)
  return times
}

/** Clicks the echo page's button `clicks` times, each time waiting until the reply's text is in the DOM. */
async function clickEcho(page: Page, clicks: number, before: number): Promise<number[]> {
  const { times, shown } = await page.evaluate(async (clicks) => {
    const button = document.getElementById('inc')!
    const shown = document.getElementById('shown')!
    const times: number[] = []
    for (let i = 0; i < clicks; i++) {
      const changed = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => (observer.disconnect(), resolve()))
        observer.observe(shown, { childList: true, characterData: true, subtree: true })
      })
      const t0 = performance.now()
      button.click()
      await changed
      times.push(performance.now() - t0)
    }
    return { times, shown: shown.textContent }
  }, clicks)
  if (shown !== String(before + clicks)) throw new Error(`the echo page shows ${shown} after ${before + clicks} clicks`)
  return times
}
