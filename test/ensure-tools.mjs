// Makes sure the tests have what they run: a Chromium (element and end-to-end tests) and Debian's
// redis-server (store tests start their own). Finds them, or installs Debian's packages when it can
// (as root with apt-get), or says what to install.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findBrowser } from './browser-path.mjs'

const hasRedis = () => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some(existsSync) || onPath('redis-server')
const missing = [...(findBrowser() ? [] : ['chromium']), ...(hasRedis() ? [] : ['redis-server'])]

if (missing.length) {
  const canApt = existsSync('/usr/bin/apt-get') && process.getuid?.() === 0
  if (!canApt) {
    console.error(
      `g-kit tests need ${missing.join(' and ')}, and ${missing.length > 1 ? 'they were' : 'it was'} not found.\n` +
        `  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
        '  Elsewhere: install Chromium or Chrome (and set CHROME_PATH to its binary) and Redis.',
    )
    process.exit(1)
  }
  console.log(`Installing Debian's ${missing.join(' and ')} (apt-get)…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env })
  if (!findBrowser()) {
    console.error('apt-get installed chromium, but no binary was found at /usr/bin/chromium; set CHROME_PATH.')
    process.exit(1)
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${command}`))
}
