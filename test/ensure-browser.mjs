// Makes sure the tests have a Chromium: finds one, or installs Debian's chromium when it can, or says what to install.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findBrowser } from './browser-path.mjs'

if (!findBrowser()) {
  const canApt = existsSync('/usr/bin/apt-get') && process.getuid?.() === 0
  if (!canApt) {
    console.error(
      'g-kit tests need Chromium and none was found.\n' +
        '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  Elsewhere: install Chromium or Chrome and set CHROME_PATH to its binary.',
    )
    process.exit(1)
  }
  console.log('Chromium not found: installing Debian\'s chromium (apt-get)…')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  if (!findBrowser()) {
    console.error('apt-get installed chromium, but no binary was found at /usr/bin/chromium; set CHROME_PATH.')
    process.exit(1)
  }
}
