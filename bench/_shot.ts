// Screenshots of an example page for looking at an element: `node --conditions=source --import tsx bench/_shot.ts interface/ /tmp/x.png dark 1000 "<script>"`.
import { chromium } from 'playwright-core'
import { startGallery } from '../examples/gallery.js'
import { browserArgs, findBrowser } from '../test/browser-path.mjs'
const [path = "", out = "/tmp/shot.png", scheme = "light", width, script] = process.argv.slice(2)
const gallery = await startGallery({ port: 0 })
const browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
const page = await browser.newPage({ colorScheme: scheme as 'light' | 'dark', viewport: { width: Number(width ?? 1000), height: 900 } })
page.on('console', (m) => console.log('console:', m.text()))
page.on('pageerror', (e) => console.log('pageerror:', e.message))
await page.goto(new URL(path, gallery.url).href)
await page.waitForFunction(() => [...document.querySelectorAll('g-app')].every((app) => (app as any).session))
if (script) await (new Function('page', `return (async () => { ${script} })()`))(page)
await page.waitForTimeout(500)
await page.screenshot({ path: out, fullPage: true })
await browser.close()
await gallery.close()
