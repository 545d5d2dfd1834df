// End-to-end harness: the real examples gallery on a free port, driven by Playwright in Chromium.
import { after, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { browserArgs, findBrowser } from '../browser-path.mjs'

export interface Harness {
  /** The gallery's base URL, ending in `/`. */
  url: string
  browser: Browser
  /** A fresh browser context (a separate visitor) with one page open at `path`. */
  open(path: string, context?: BrowserContext): Promise<Page>
}

/** Starts the gallery and Chromium before the file's tests and stops both after them. */
export function useGallery(): Harness {
  const harness = {} as Harness
  let close: (() => Promise<void>) | undefined
  before(async () => {
    // Imported here, not above, so that a test file can set the examples' environment first.
    const { startGallery } = await import('../../examples/gallery.js')
    const gallery = await startGallery({ port: 0 })
    close = gallery.close
    harness.url = gallery.url
    harness.browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    harness.open = async (path, context) => {
      const page = await (context ?? (await harness.browser.newContext())).newPage()
      page.on('pageerror', (error) => {
        throw error
      })
      await page.goto(new URL(path, harness.url).href)
      await page.waitForFunction(() => [...document.querySelectorAll('g-app')].every((app) => (app as { session?: string }).session))
      return page
    }
  })
  after(async () => {
    await harness.browser?.close()
    await close?.()
  })
  return harness
}

/** Waits until a form control shows `expected` (or a value it matches); on timeout, fails showing what it shows instead. */
export async function expectValue(locator: Locator, expected: string | RegExp, timeout = 5000): Promise<void> {
  const element = await locator.elementHandle({ timeout })
  const pattern = typeof expected === 'string' ? undefined : { source: expected.source, flags: expected.flags }
  try {
    await locator.page().waitForFunction(
      ({ element, expected, pattern }) => {
        const value = (element as HTMLInputElement).value
        return pattern ? new RegExp(pattern.source, pattern.flags).test(value) : value === expected
      },
      { element, expected: typeof expected === 'string' ? expected : '', pattern },
      { timeout },
    )
  } catch {
    const value = await locator.inputValue()
    if (typeof expected === 'string') assert.equal(value, expected)
    else assert.match(value, expected)
  }
}

/** The text a user sees in an element, its shadow root included, with white space folded. */
function visibleText(element: Element): string {
  const parts = element.shadowRoot ? [...element.shadowRoot.children] : [element]
  return parts.map((part) => (part as HTMLElement).innerText ?? '').join(' ').replace(/\s+/g, ' ').trim()
}

/** Waits until an element shows text containing `expected`; on timeout, fails showing its text. */
export async function expectText(locator: Locator, expected: string, timeout = 5000): Promise<void> {
  const element = await locator.elementHandle({ timeout })
  const read = `(${visibleText.toString()})`
  try {
    await locator.page().waitForFunction(({ element, expected, read }) => (0, eval)(read)(element).includes(expected), { element, expected, read }, { timeout })
  } catch {
    const text = await locator.evaluate(visibleText)
    assert.ok(text.includes(expected), `expected text containing ${JSON.stringify(expected)}, got ${JSON.stringify(text)}`)
  }
}

/** Resolves once `check` holds, polling; fails naming `what` after `timeout` ms. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const axeSource = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8')

/** axe's serious and critical violations on the page, shadow roots included. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }).axe
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`)
}
