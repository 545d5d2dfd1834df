// (i) The cost of one element added to a running app, in Chromium: the bytes of the page's `add`
// frame (constant: the element's declarations, not the whole app; checked with apps of 20, 200
// and 2000 elements) and the time from appendChild to the server's answer (`added`), with an app
// of 200 against one of 20. Between adds the element is removed again, and a click's round trip
// (queued behind the removal) lets the server take the removal before the next add is timed.
import type { Page } from 'playwright-core'
import { launchChromium } from './_chromium.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { summarize } from './_stats.js'

const SIZES = [20, 200] as const
const LARGE = 2000
const WARMUP = 10
const ADDS = 50
const BLOCKS = 5

interface Added {
  times: number[]
  /** UTF-8 bytes of each add frame. */
  bytes: number[]
}

export async function addToApp(): Promise<Figure[]> {
  const server = await forkServer('app', { isolated: true })
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    const errors: Error[] = []
    const open = async (size: number) => {
      const page = await context.newPage()
      page.on('pageerror', (error) => errors.push(error))
      // tsx names the functions declared inside page.evaluate's callback with a helper the page lacks.
      await page.addInitScript('globalThis.__name = (f) => f')
      await page.goto(new URL(`add.html?n=${size}`, server.url).href)
      await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session, undefined, { timeout: 60_000 })
      const hello = await page.evaluate(async () => new TextEncoder().encode(await (window as unknown as { benchHello: Promise<string> }).benchHello).length)
      return { page, hello }
    }
    const pages = { 20: await open(20), 200: await open(200) }
    if (!(await pages[200].page.evaluate(() => crossOriginIsolated))) throw new Error('the pages are not cross-origin isolated: their clocks would tick in 100 µs steps')
    // The frame's size first, with the listener ids an app of that size gives.
    const first = { 20: (await addOne(pages[20].page, 1)).bytes[0]!, 200: (await addOne(pages[200].page, 1)).bytes[0]! }
    const large = await open(LARGE)
    const firstLarge = (await addOne(large.page, 1)).bytes[0]!
    await large.page.close()
    // Only the listener id's digits may differ.
    const allowed = String(LARGE).length - String(SIZES[0]).length
    if (firstLarge - first[20] > allowed) throw new Error(`the add frame grows with the app: ${first[20]} bytes with ${SIZES[0]} elements, ${firstLarge} with ${LARGE}`)
    for (const size of SIZES) await addOne(pages[size].page, WARMUP)
    const times: Record<number, number[]> = { 20: [], 200: [] }
    for (let block = 0; block < BLOCKS; block++) {
      for (const size of SIZES) {
        // Chromium draws frames only for the page in front: each page is brought there for its adds.
        await pages[size].page.bringToFront()
        times[size]!.push(...(await addOne(pages[size].page, ADDS / BLOCKS)).times)
      }
    }
    if (errors.length) throw errors[0]
    const small = summarize(times[20]!)
    const big = summarize(times[200]!)
    return [
      ratioFigure(
        {
          key: 'add.bytes',
          name: '(i) add one element to an app of 200: frame size',
          unit: 'B',
          value: first[200],
          baseline: { name: 'app of 20', value: first[20] },
          note: `the page's add frame for one wired g-button, in UTF-8 bytes: ${first[20]} with ${SIZES[0]} elements, ${first[200]} with 200, ${firstLarge} with ${LARGE} (checked: it grows only by its listener id's digits); the hello of the whole app is ${pages[20].hello} B with 20 elements and ${pages[200].hello} B with 200`,
        },
        { maxRatio: 1.05 },
      ),
      ratioFigure({
        key: 'add.time',
        name: '(i) add one element to an app of 200: appendChild to answer, median',
        unit: 'ms',
        value: big.median,
        baseline: { name: 'app of 20', value: small.median },
        note: `median of ${ADDS} adds per app after ${WARMUP}, in alternating blocks of ${ADDS / BLOCKS}, timed in the (cross-origin isolated) page from appendChild of a wired g-button until the server's added frame arrived (the server compiles the changed app); p99 ${big.p99.toFixed(2)} ms against ${small.p99.toFixed(2)} ms`,
      }),
    ]
  } finally {
    await browser.close()
    await server.stop()
  }
}

/** Adds a wired button to the page's app `count` times, timing each until the server answers; removes it again after each. */
async function addOne(page: Page, count: number): Promise<Added> {
  return page.evaluate(async (count) => {
    const bench = window as unknown as { benchSockets: WebSocket[]; benchOnSend?: (data: string) => void }
    const socket = bench.benchSockets.at(-1)!
    const app = document.querySelector('g-app') as HTMLElement & { trigger(trigger: string): void }
    // The server sends its messages in batches (an array per frame).
    const answer = (kind: string) =>
      new Promise<{ problems?: string[] }>((resolve) => {
        const onMessage = (event: MessageEvent) => {
          const parsed = JSON.parse(String(event.data)) as { t: string } | Array<{ t: string }>
          const found = (Array.isArray(parsed) ? parsed : [parsed]).find((message) => message.t === kind)
          if (!found) return
          socket.removeEventListener('message', onMessage)
          resolve(found as { problems?: string[] })
        }
        socket.addEventListener('message', onMessage)
      })
    const times: number[] = []
    const bytes: number[] = []
    for (let i = 0; i < count; i++) {
      const button = document.createElement('g-button')
      for (const [name, value] of Object.entries({ name: 'extra', fn: 'increment', inputs: 'count', outputs: 'count' })) button.setAttribute(name, value)
      button.textContent = 'Extra'
      const sent = new Promise<string>((resolve) => (bench.benchOnSend = (data) => data.startsWith('{"t":"add"') && resolve(data)))
      const added = answer('added')
      const t0 = performance.now()
      app.appendChild(button)
      const answered = await added
      times.push(performance.now() - t0)
      bytes.push(new TextEncoder().encode(await sent).length)
      const problems = answered.problems ?? []
      if (problems.length) throw new Error(`the server found problems in the added button: ${problems.join('; ')}`)
      // The removal goes in its own frame; the click after it runs once the server has taken it.
      button.remove()
      await Promise.resolve()
      const done = answer('done')
      app.trigger('b1.click')
      await done
    }
    return { times, bytes }
  }, count)
}
