// (f) kit.js gzipped (and its lazy chunks), the time until `load` has finished on a page of 20
// elements, against the same page without the kit, and the time until a page's <g-markdown> shows
// its Markdown (its chunks loaded from the server the first time).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, CDPSession } from 'playwright-core'
import { launchChromium } from './_chromium.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'

const KIT = new URL('../dist/kit.js', import.meta.url).pathname
const WARMUP_LOADS = 3
const LOADS = 20
/** Loads of each page traced after the timed ones, for the main-thread CPU in the note (tracing slows a load: none is timed). */
const TRACED_LOADS = 5

export async function bundle(): Promise<Figure[]> {
  if (!existsSync(KIT)) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' })
  const source = readFileSync(KIT)
  const gzipped = gzipSync(source, { level: 9 }).length
  const [kitLoad, plainLoad, emptyModuleLoad, markdownLoad, markdownShown, kitCpu, plainCpu] = await loadTimes()
  const chunks = readdirSync(dirname(KIT)).filter((file) => /^lazy-.*\.js$/.test(file))
  const chunkSizes = chunks.map((file) => `${file.replace(/^lazy-|-[\w-]{8}\.js$/g, '')} ${(gzipSync(readFileSync(join(dirname(KIT), file)), { level: 9 }).length / 1024).toFixed(1)} KB`)
  return [
    {
      key: 'bundle.gzip',
      name: '(f) kit.js, gzip -9',
      unit: 'KB',
      value: gzipped / 1024,
      target: '≤ 30 KB',
      met: gzipped / 1024 <= 30,
      note: `${(source.length / 1024).toFixed(1)} KB minified; lazy chunks, gzip -9: ${chunkSizes.join(', ')}`,
    },
    {
      key: 'bundle.load',
      name: '(f) load event end, 20 elements',
      unit: 'ms',
      value: kitLoad,
      baseline: { name: 'same page, no kit', value: plainLoad },
      ratio: kitLoad / plainLoad,
      target: '≤ 1.5×',
      met: kitLoad / plainLoad <= 1.5,
      note:
        `mean loadEventEnd of ${LOADS} loads per page after ${WARMUP_LOADS}, alternating, a fresh page each, in a fresh browser context (no HTTP cache: each load fetches kit.js, gzipped); ` +
        `main-thread CPU until load (thread time, ${TRACED_LOADS} more traced loads each): ${kitCpu.total.toFixed(1)} ms ` +
        `(script ${kitCpu.script.toFixed(1)}, style ${kitCpu.style.toFixed(1)}, layout ${kitCpu.layout.toFixed(1)}) vs ${plainCpu.total.toFixed(1)} ms for the plain page`,
    },
    // The floor: what loading any module script from the server costs the same page, before any code runs.
    ratioFigure({
      key: 'bundle.load-empty-module',
      name: '(f) load event end, 20 elements, an empty module script',
      unit: 'ms',
      value: emptyModuleLoad,
      baseline: { name: 'same page, no script', value: plainLoad },
      note: `the same page with an empty module script (a 1-line file from the same server) instead of kit.js: the share of the ratio above that any module script costs`,
    }),
    {
      key: 'bundle.markdown',
      name: '(f) load event end, a <g-markdown> page',
      unit: 'ms',
      value: markdownLoad,
      baseline: { name: '20-element page, no kit', value: plainLoad },
      ratio: markdownLoad / plainLoad,
      note: `mean loadEventEnd of ${LOADS} loads; its Markdown (with a highlighted code block) shows at ${markdownShown.toFixed(1)} ms on average, its Markdown, sanitizer and highlighter chunks fetched from the server each time (a fresh browser context)`,
    },
  ]
}

/**
 * Mean loadEventEnd (ms) of the kit page and of its plain twin; of the Markdown page, and when its
 * Markdown showed; the main-thread CPU until load of the kit page and of the plain page.
 */
async function loadTimes(): Promise<[number, number, number, number, number, MainThreadCpu, MainThreadCpu]> {
  const server = await forkServer('app')
  const browser = await launchChromium()
  try {
    const kit: number[] = []
    const plain: number[] = []
    const emptyModule: number[] = []
    const markdown: number[] = []
    const shown: number[] = []
    for (let i = 0; i < WARMUP_LOADS + LOADS; i++) {
      const k = await loadEventEnd(browser, new URL('load.html', server.url).href)
      const p = await loadEventEnd(browser, new URL('load-plain.html', server.url).href)
      const e = await loadEventEnd(browser, new URL('load-empty-module.html', server.url).href)
      const [m, s] = await markdownTimes(browser, new URL('load-markdown.html', server.url).href)
      if (i >= WARMUP_LOADS) kit.push(k), plain.push(p), emptyModule.push(e), markdown.push(m), shown.push(s)
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const kitCpu: MainThreadCpu[] = []
    const plainCpu: MainThreadCpu[] = []
    for (let i = 0; i < TRACED_LOADS; i++) {
      kitCpu.push(await mainThreadCpu(browser, new URL('load.html', server.url).href))
      plainCpu.push(await mainThreadCpu(browser, new URL('load-plain.html', server.url).href))
    }
    const meanCpu = (xs: MainThreadCpu[]): MainThreadCpu => ({ total: mean(xs.map((x) => x.total)), script: mean(xs.map((x) => x.script)), style: mean(xs.map((x) => x.style)), layout: mean(xs.map((x) => x.layout)) })
    return [mean(kit), mean(plain), mean(emptyModule), mean(markdown), mean(shown), meanCpu(kitCpu), meanCpu(plainCpu)]
  } finally {
    await browser.close()
    await server.stop()
  }
}

/** The Markdown page's loadEventEnd, and the time (ms from navigation) its highlighted code block was in the DOM. */
async function markdownTimes(browser: Browser, url: string): Promise<[number, number]> {
  const page = await browser.newPage()
  try {
    await page.goto(url, { waitUntil: 'load' })
    const shown = await page.waitForFunction(() => {
      const body = document.querySelector('g-markdown')?.shadowRoot?.querySelector('[part=body]')
      return body?.querySelector('pre .hljs-keyword') ? performance.now() : 0
    }, undefined, { polling: 'raf' })
    const load = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd)
    return [load, (await shown.jsonValue()) as number]
  } finally {
    await page.close()
  }
}

async function loadEventEnd(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage()
  try {
    await page.goto(url, { waitUntil: 'load' })
    // loadEventEnd is set once the load handlers have returned, just after `load` resolves goto.
    await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd > 0)
    return await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd)
  } finally {
    await page.close()
  }
}

/** Thread time (ms) of the page's main thread until its load event, and the script, style and layout in it. */
interface MainThreadCpu {
  total: number
  script: number
  style: number
  layout: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
}

const SCRIPT_EVENTS = new Set(['v8.evaluateModule', 'v8.callFunction', 'v8.callAsConstructor', 'FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'AsyncTask Run'])

/**
 * Loads `url` in a fresh context under a trace and sums the CPU (thread time, so that other
 * processes on the machine do not count) of the renderer's main-thread tasks up to `load`: what the
 * kit costs the page, where a shared machine makes loadEventEnd noisy.
 */
async function mainThreadCpu(browser: Browser, url: string): Promise<MainThreadCpu> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    const events = await traced(cdp, () => page.goto(url, { waitUntil: 'load' }))
    const load = events.find((e) => e.name === 'MarkLoad')
    if (!load) throw new Error(`no load event in the trace of ${url}`)
    const main = events.filter((e) => e.pid === load.pid && e.tid === load.tid && e.ph === 'X' && e.ts <= load.ts).sort((a, b) => a.ts - b.ts)
    // Outermost events only: a task's or a script's nested events are inside its thread time.
    const outermost = (keep: (e: TraceEvent) => boolean): number => {
      let end = 0
      let sum = 0
      for (const e of main) {
        if (!keep(e) || e.ts < end) continue
        end = e.ts + (e.dur ?? 0)
        sum += (e.tdur ?? 0) / 1000
      }
      return sum
    }
    return {
      total: outermost((e) => e.name === 'ThreadControllerImpl::RunTask'),
      script: outermost((e) => SCRIPT_EVENTS.has(e.name)),
      style: outermost((e) => e.name === 'UpdateLayoutTree'),
      layout: outermost((e) => e.name === 'Layout'),
    }
  } finally {
    await context.close()
  }
}

async function traced(cdp: CDPSession, run: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])))
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8,blink', transferMode: 'ReportEvents' })
  await run()
  await cdp.send('Tracing.end')
  await complete
  return events
}
