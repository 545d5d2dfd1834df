// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed),
// installs the dependencies first, so that either command works as the very first one.
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const installed = 'node_modules/.package-lock.json'
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs
if (stale) {
  console.log('Installing the dependencies (npm ci)…')
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' })
}
