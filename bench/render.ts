// (h) In Chromium: a <g-render> of 100 rows with two wired buttons each, from an input change to
// the updated DOM (sanitized, morphed, its buttons rendered and joined to the app: the page's `add`
// frame sent), against a page that receives the same HTML over a bare WebSocket and sets it with
// innerHTML. Each render brings a new list (new keys), so every button leaves and a new one joins.
//
// Two such pages: only the one that loads kit.js ends with the same DOM (200 rendered g-buttons),
// so it is the baseline the target holds against (≤ 2×); the plain one (its g-* tags undefined) is
// reported beside it, without a target, as what the browser alone takes to set the HTML.
import type { Page } from 'playwright-core'
import { launchChromium } from './_chromium.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { summarize } from './_stats.js'
import { ROWS } from './_rows.js'
import { ROWS_SOCKET_PATH } from './_echo.js'

const WARMUP = 10
const RENDERS = 50
/** Blocks of renders, alternating between the pages, so that drift on the machine hits both alike. */
const BLOCKS = 5

export async function renderToDom(): Promise<Figure[]> {
  const [appServer, echoServer] = await Promise.all([forkServer('app', { isolated: true }), forkServer('echo', { isolated: true })])
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    const [plainPage, elementsPage, appPage] = await Promise.all([context.newPage(), context.newPage(), context.newPage()])
    const errors: Error[] = []
    for (const page of [plainPage, elementsPage, appPage]) page.on('pageerror', (error) => errors.push(error))
    await plainPage.goto(new URL('render-plain.html', echoServer.url).href)
    await plainPage.waitForFunction(() => (window as { benchReady?: boolean }).benchReady)
    const rowsSocket = new URL(ROWS_SOCKET_PATH, echoServer.url.replace(/^http/, 'ws')).href
    await elementsPage.goto(new URL(`render-elements.html?ws=${encodeURIComponent(rowsSocket)}`, appServer.url).href)
    await elementsPage.waitForFunction(() => (window as { benchReady?: boolean }).benchReady)
    await appPage.goto(new URL('render.html', appServer.url).href)
    await appPage.waitForFunction(() => document.getElementById('heading')?.textContent === 'Render 0')
    if (!(await appPage.evaluate(() => crossOriginIsolated))) throw new Error('the pages are not cross-origin isolated: their clocks would tick in 100 µs steps')
    // Each page is brought to the front before its renders: Chromium renders the frames (style,
    // layout, paint) of the front page only, and a render's frame delays the page's next answer.
    let n = 0
    for (const [page, render] of [[plainPage, renderPlain], [elementsPage, renderPlain], [appPage, renderApp]] as const) {
      await page.bringToFront()
      await render(page, n + 1, WARMUP)
    }
    n += WARMUP
    const plainTimes: number[] = []
    const elementsTimes: number[] = []
    const appTimes: number[] = []
    for (let block = 0; block < BLOCKS; block++) {
      await plainPage.bringToFront()
      plainTimes.push(...(await renderPlain(plainPage, n + 1, RENDERS / BLOCKS)))
      await elementsPage.bringToFront()
      elementsTimes.push(...(await renderPlain(elementsPage, n + 1, RENDERS / BLOCKS)))
      await appPage.bringToFront()
      appTimes.push(...(await renderApp(appPage, n + 1, RENDERS / BLOCKS)))
      n += RENDERS / BLOCKS
    }
    if (errors.length) throw errors[0]
    const app = summarize(appTimes)
    const plain = summarize(plainTimes)
    const elements = summarize(elementsTimes)
    const timing = `median of ${RENDERS} renders per page after ${WARMUP}, in alternating blocks of ${RENDERS / BLOCKS}, each page at the front for its own, timed in the (cross-origin isolated) page from the input's change until the new list is in the DOM`
    return [
      ratioFigure(
        {
          key: 'render.rows',
          name: `(h) render of ${ROWS} rows to updated DOM, median`,
          unit: 'ms',
          value: app.median,
          baseline: { name: 'WebSocket + innerHTML page, kit.js loaded', value: elements.median },
          note: `${timing}: in g-kit's page sanitized (DOMPurify), morphed (morphdom), its ${2 * ROWS} new g-buttons rendered and joined to the app (the page's add frame sent); in the baseline, a page that loads kit.js (so the g-* tags are g-kit's elements, rendered, but in no app) sets the same HTML with innerHTML, to the same DOM; p99 ${app.p99.toFixed(2)} ms against ${elements.p99.toFixed(2)} ms`,
        },
        { maxRatio: 2 },
      ),
      // What the browser alone takes to set the HTML: no element is defined, so none renders.
      ratioFigure({
        key: 'render.rows-plain',
        name: `(h) render of ${ROWS} rows, against plain innerHTML`,
        unit: 'ms',
        value: app.median,
        baseline: { name: 'WebSocket + innerHTML page, g-* undefined', value: plain.median },
        note: `the same renders, against a page without kit.js that sets the same HTML with innerHTML (its g-* tags stay undefined: no element renders, so its DOM is not the same); its p99 ${plain.p99.toFixed(2)} ms`,
      }),
    ]
  } finally {
    await browser.close()
    await Promise.all([appServer.stop(), echoServer.stop()])
  }
}

/** Renders `count` new lists, from `first` on, in g-kit's page; each time waits until the list is shown, its buttons rendered and joined. */
async function renderApp(page: Page, first: number, count: number): Promise<number[]> {
  const { times, buttons, listeners } = await page.evaluate(
    async ({ first, count }) => {
      type Lit = HTMLElement & { updateComplete: Promise<boolean> }
      const bench = window as { benchOnSend?: (data: string) => void }
      const number = document.querySelector('g-number') as HTMLElement & { value: number | null }
      const render = document.querySelector('g-render')!
      const times: number[] = []
      for (let n = first; n < first + count; n++) {
        const joined = new Promise<void>((resolve) => (bench.benchOnSend = (data) => data.startsWith('{"t":"add"') && resolve()))
        const shown = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => document.getElementById('heading')?.textContent === `Render ${n}` && (observer.disconnect(), resolve()))
          observer.observe(render, { childList: true, characterData: true, subtree: true })
        })
        const t0 = performance.now()
        number.value = n
        number.dispatchEvent(new Event('change', { bubbles: true, composed: true }))
        await shown
        await joined
        await Promise.all([...render.querySelectorAll('g-button')].map((button) => (button as Lit).updateComplete))
        times.push(performance.now() - t0)
      }
      const app = document.querySelector('g-app') as unknown as { _graph: { listeners: Map<number, unknown> } }
      return { times, buttons: render.querySelectorAll('g-button').length, listeners: app._graph.listeners.size }
    },
    { first, count },
  )
  // The render's own listener, and one per button now in the page: the old buttons have left.
  if (buttons !== 2 * ROWS || listeners !== 2 * ROWS + 1) throw new Error(`g-kit's page has ${buttons} buttons and ${listeners} listeners after a render`)
  return times
}

/** Renders `count` new lists, from `first` on, in a baseline page; each time waits until the list is in the DOM (and its buttons rendered, if they are elements). */
async function renderPlain(page: Page, first: number, count: number): Promise<number[]> {
  const { times, buttons } = await page.evaluate(
    async ({ first, count }) => {
      const input = document.getElementById('n') as HTMLInputElement
      const list = document.getElementById('list')!
      const times: number[] = []
      for (let n = first; n < first + count; n++) {
        const shown = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => document.getElementById('heading')?.textContent === `Render ${n}` && (observer.disconnect(), resolve()))
          observer.observe(list, { childList: true, characterData: true, subtree: true })
        })
        const t0 = performance.now()
        input.value = String(n)
        input.dispatchEvent(new Event('change', { bubbles: true }))
        await shown
        // When kit.js defines them, the buttons have rendered too (as in g-kit's page).
        await Promise.all([...list.querySelectorAll('g-button')].map((button) => (button as HTMLElement & { updateComplete?: Promise<boolean> }).updateComplete))
        times.push(performance.now() - t0)
      }
      return { times, buttons: list.querySelectorAll('g-button').length }
    },
    { first, count },
  )
  if (buttons !== 2 * ROWS) throw new Error(`the baseline page has ${buttons} buttons after a render`)
  return times
}
