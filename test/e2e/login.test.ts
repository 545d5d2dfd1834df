import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectValue } from './_browser.js'

const serverScript = fileURLToPath(new URL('./_login-server.ts', import.meta.url))

/** Starts the login example in a new process on `port` (0: any), with the secret kept in `secretFile`. */
async function startServer(port: number, secretFile: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', serverScript], {
    env: { ...process.env, PORT: String(port), G_SECRET_FILE: secretFile, G_SECRET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk) => {
      out += chunk
      const ready = /ready (\S+)/.exec(out)
      if (ready) resolve(ready[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the login server exited (${code}) before it was ready`)))
  })
  return { url, process: child }
}

async function stopServer(server: { process: ChildProcess }): Promise<void> {
  const exited = new Promise((resolve) => server.process.once('exit', resolve))
  server.process.kill()
  await exited
}

async function openLogin(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForFunction(() => (document.querySelector('g-app') as { session?: string } | null)?.session)
  return page
}

describe('example: remember me (browser state)', () => {
  let browser: Browser
  let folder: string
  let secretFile: string
  let server: { url: string; process: ChildProcess }

  before(async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
    folder = mkdtempSync(join(tmpdir(), 'g-kit-login-'))
    secretFile = join(folder, 'secret')
    server = await startServer(0, secretFile)
  })
  after(async () => {
    await browser.close()
    await stopServer(server)
    rmSync(folder, { recursive: true, force: true })
  })

  it('keeps the login through a reload, a browser restart and a server restart, sealed', async () => {
    const context = await browser.newContext()
    const page = await openLogin(context, server.url)
    await page.getByLabel('Username').fill('ada')
    await page.getByLabel('Password').fill('correct horse')
    await page.getByLabel('Password').press('Enter')
    await expectValue(page.getByLabel('Status'), /^Saved to this browser at /)
    assert.equal(statSync(secretFile).mode & 0o777, 0o600, 'the generated secret is kept readable by its owner only')

    const stored = await page.evaluate(() => Object.entries(localStorage))
    assert.equal(stored.length, 1)
    const [key, token] = stored[0]!
    assert.match(key, /saved$/)
    assert.ok(!token.includes('ada') && !token.includes('correct horse'), `the token shows the value: ${token}`)
    assert.throws(() => JSON.parse(token), 'the token is not the plain JSON')

    await page.reload()
    await expectValue(page.getByLabel('Username'), 'ada')
    await expectValue(page.getByLabel('Password'), 'correct horse')

    const storageState = await context.storageState()
    await context.close()
    const restarted = await browser.newContext({ storageState })
    const again = await openLogin(restarted, server.url)
    await expectValue(again.getByLabel('Username'), 'ada')

    const port = Number(new URL(server.url).port)
    await stopServer(server)
    server = await startServer(port, secretFile)
    const afterRestart = await openLogin(restarted, server.url)
    await expectValue(afterRestart.getByLabel('Username'), 'ada')
    await expectValue(afterRestart.getByLabel('Password'), 'correct horse')
    await restarted.close()
  })

  it('updates another open tab of the same app when one tab saves', async () => {
    const context = await browser.newContext()
    const first = await openLogin(context, server.url)
    const second = await openLogin(context, server.url)
    await first.getByRole('button', { name: 'Generate randomly' }).click()
    await expectValue(first.getByLabel('Status'), /^Saved to this browser at /)
    await expectValue(second.getByLabel('Status'), /^Saved to this browser at /)
    await context.close()
  })
})
