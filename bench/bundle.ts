// (f) kit.js gzipped, and the time until `load` has finished on a page of 20 elements, against
// the same page without the kit.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { launchChromium } from './_chromium.js'
import { forkServer } from './_server.js'
import type { Figure } from './_report.js'

const KIT = new URL('../dist/kit.js', import.meta.url).pathname
const WARMUP_LOADS = 3
const LOADS = 20

export async function bundle(): Promise<Figure[]> {
  if (!existsSync(KIT)) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' })
  const source = readFileSync(KIT)
  const gzipped = gzipSync(source, { level: 9 }).length
  const [kitLoad, plainLoad] = await loadTimes()
  return [
    {
      key: 'bundle.gzip',
      name: '(f) kit.js, gzip -9',
      unit: 'KB',
      value: gzipped / 1024,
      note: `${(source.length / 1024).toFixed(1)} KB minified`,
    },
    {
      key: 'bundle.load',
      name: '(f) load event end, 20 elements',
      unit: 'ms',
      value: kitLoad,
      baseline: { name: 'same page, no kit', value: plainLoad },
      ratio: kitLoad / plainLoad,
      note: `mean loadEventEnd of ${LOADS} loads per page after ${WARMUP_LOADS}, alternating, a fresh page each (kit.js is served no-cache, so each load fetches it)`,
    },
  ]
}

/** Mean loadEventEnd (ms) of the kit page and of its plain twin. */
async function loadTimes(): Promise<[number, number]> {
  const server = await forkServer('app')
  const browser = await launchChromium()
  try {
    const kit: number[] = []
    const plain: number[] = []
    for (let i = 0; i < WARMUP_LOADS + LOADS; i++) {
      const k = await loadEventEnd(browser, new URL('load.html', server.url).href)
      const p = await loadEventEnd(browser, new URL('load-plain.html', server.url).href)
      if (i >= WARMUP_LOADS) kit.push(k), plain.push(p)
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    return [mean(kit), mean(plain)]
  } finally {
    await browser.close()
    await server.stop()
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
