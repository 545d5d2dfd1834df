// (f) kit.js gzipped (and its lazy chunks), the time until `load` has finished on a page of 20
// elements, against the same page without the kit, and the time until a page's <g-markdown> shows
// its Markdown (its chunks loaded from the server the first time). Beside the load figure, three
// pages say where its time goes: an empty module script, kit.js defining no element, and the same
// controls as native HTML.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './_chromium.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { mainThreadCpu, type MainThreadCpu } from './_main-thread.js'

const KIT = new URL('../dist/kit.js', import.meta.url).pathname
const WARMUP_LOADS = 3
const LOADS = 20
/** Loads of each page traced after the timed ones, for the main-thread CPU in the note (tracing slows a load: none is timed). */
const TRACED_LOADS = 5

export async function bundle(): Promise<Figure[]> {
  if (!existsSync(KIT)) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' })
  const source = readFileSync(KIT)
  const gzipped = gzipSync(source, { level: 9 }).length
  const { loads, markdownShown, kitCpu, plainCpu } = await loadTimes()
  const plainLoad = loads.plain
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
      value: loads.kit,
      baseline: { name: 'same page, no kit', value: plainLoad },
      ratio: loads.kit / plainLoad,
      target: '≤ 1.5×',
      met: loads.kit / plainLoad <= 1.5,
      note:
        `mean loadEventEnd of ${LOADS} loads per page after ${WARMUP_LOADS}, alternating, a fresh page each, in a fresh browser context (no HTTP cache: each load fetches kit.js, gzipped); ` +
        `main-thread CPU until load (thread time, ${TRACED_LOADS} more traced loads each): ${kitCpu.total.toFixed(1)} ms ` +
        `(script ${kitCpu.script.toFixed(1)}, style ${kitCpu.style.toFixed(1)}, layout ${kitCpu.layout.toFixed(1)}) vs ${plainCpu.total.toFixed(1)} ms for the plain page`,
    },
    // Where the kit page's time goes, each against the same plain page (no targets): what any module
    // script costs, what kit.js costs before any element, and what the same controls cost as native HTML.
    ratioFigure({
      key: 'bundle.load-empty-module',
      name: '(f) load event end, 20 elements, an empty module script',
      unit: 'ms',
      value: loads.emptyModule,
      baseline: { name: 'same page, no script', value: plainLoad },
      note: `the same page with an empty module script (a 1-line file from the same server) instead of kit.js: the share of the ratio above that any module script costs`,
    }),
    ratioFigure({
      key: 'bundle.load-undefined',
      name: '(f) load event end, 20 elements, kit.js defining none',
      unit: 'ms',
      value: loads.undefined,
      baseline: { name: 'same page, no script', value: plainLoad },
      note: `the kit page with customElements.define made a no-op (an init script) before kit.js runs: kit.js fetched, compiled and run whole (its classes and styles made), no element upgraded or rendered`,
    }),
    ratioFigure({
      key: 'bundle.load-native',
      name: '(f) load event end, the same controls as native HTML',
      unit: 'ms',
      value: loads.native,
      baseline: { name: 'the 20 unknown elements, no script', value: plainLoad },
      note: `the page's 20 controls written as native labels, inputs, textareas, checkboxes and buttons with a small stylesheet, no script: what showing these controls costs with no kit at all`,
    }),
    {
      key: 'bundle.markdown',
      name: '(f) load event end, a <g-markdown> page',
      unit: 'ms',
      value: loads.markdown,
      baseline: { name: '20-element page, no kit', value: plainLoad },
      ratio: loads.markdown / plainLoad,
      note: `mean loadEventEnd of ${LOADS} loads; its Markdown (with a highlighted code block) shows at ${markdownShown.toFixed(1)} ms on average, its Markdown, sanitizer and highlighter chunks fetched from the server each time (a fresh browser context)`,
    },
  ]
}

/** The pages of the load figures, loaded in turn in each round, and a script that runs before each one's own. */
const LOAD_PAGES: Record<string, { page: string; before?: string }> = {
  kit: { page: 'load.html' },
  plain: { page: 'load-plain.html' },
  emptyModule: { page: 'load-empty-module.html' },
  // kit.js runs whole (fetched, compiled, its classes and styles made) but upgrades and renders nothing.
  undefined: { page: 'load.html', before: 'customElements.define = () => {}' },
  native: { page: 'load-native.html' },
}

interface LoadTimes {
  /** Mean loadEventEnd (ms) of each page, and of the Markdown page. */
  loads: Record<'kit' | 'plain' | 'emptyModule' | 'undefined' | 'native' | 'markdown', number>
  /** When the Markdown page's Markdown showed (ms from navigation, mean). */
  markdownShown: number
  /** Main-thread CPU until load of the kit page and of the plain page. */
  kitCpu: MainThreadCpu
  plainCpu: MainThreadCpu
}

async function loadTimes(): Promise<LoadTimes> {
  const server = await forkServer('app')
  const browser = await launchChromium()
  const url = (page: string) => new URL(page, server.url).href
  try {
    const times = new Map<string, number[]>()
    const keep = (key: string, value: number) => void (times.get(key) ?? times.set(key, []).get(key)!).push(value)
    for (let i = 0; i < WARMUP_LOADS + LOADS; i++) {
      for (const [key, { page, before }] of Object.entries(LOAD_PAGES)) {
        const time = await loadEventEnd(browser, url(page), before)
        if (i >= WARMUP_LOADS) keep(key, time)
      }
      const [load, shown] = await markdownTimes(browser, url('load-markdown.html'))
      if (i >= WARMUP_LOADS) keep('markdown', load), keep('shown', shown)
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const kitCpu: MainThreadCpu[] = []
    const plainCpu: MainThreadCpu[] = []
    for (let i = 0; i < TRACED_LOADS; i++) {
      kitCpu.push(await mainThreadCpu(browser, url(LOAD_PAGES.kit!.page)))
      plainCpu.push(await mainThreadCpu(browser, url(LOAD_PAGES.plain!.page)))
    }
    const meanCpu = (xs: MainThreadCpu[]): MainThreadCpu => ({ total: mean(xs.map((x) => x.total)), script: mean(xs.map((x) => x.script)), style: mean(xs.map((x) => x.style)), layout: mean(xs.map((x) => x.layout)) })
    const loads = Object.fromEntries([...Object.keys(LOAD_PAGES), 'markdown'].map((key) => [key, mean(times.get(key)!)])) as LoadTimes['loads']
    return { loads, markdownShown: mean(times.get('shown')!), kitCpu: meanCpu(kitCpu), plainCpu: meanCpu(plainCpu) }
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
    return [await loadEnd(page), (await shown.jsonValue()) as number]
  } finally {
    await page.close()
  }
}

async function loadEventEnd(browser: Browser, url: string, before?: string): Promise<number> {
  const page = await browser.newPage()
  try {
    if (before) await page.addInitScript(before)
    await page.goto(url, { waitUntil: 'load' })
    return await loadEnd(page)
  } finally {
    await page.close()
  }
}

/** The page's loadEventEnd (ms from navigation), once set: when the load handlers have returned, just after `load` resolves goto. */
async function loadEnd(page: Page): Promise<number> {
  const set = await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd)
  return (await set.jsonValue()) as number
}
