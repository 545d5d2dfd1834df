import { chromium, type Browser } from 'playwright-core'
import { browserArgs, findBrowser } from '../test/browser-path.mjs'

/** Headless Chromium, as the end-to-end tests launch it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findBrowser()
  if (!executablePath) throw new Error('no Chromium found: set CHROME_PATH (see test/browser-path.mjs)')
  return chromium.launch({ executablePath, headless: true, args: browserArgs })
}
