// Where the tests' Chromium is: $CHROME_PATH, or Debian's chromium. Shared by the element and end-to-end tests.
import { existsSync } from 'node:fs'

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/** The path of a Chromium binary, or undefined when there is none. */
export function findBrowser() {
  return candidates.find((path) => path && existsSync(path))
}

/** Flags for headless Chromium here: as root it needs --no-sandbox; the machine's network is closed. */
export const browserArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run']
