// The README's quick start, as a new user runs it: the package packed with `npm pack`, installed
// into a project of its own with tsx, the README's two files written there as they stand, the
// README's run command, and the page driven in Chromium. So the README cannot drift from what works.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { browserArgs, findBrowser } from '../browser-path.mjs'
import { expectValue } from './_browser.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** The code block that follows `<!-- quick-start: <name> -->` in the README. */
function quickStart(name: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const marker = readme.indexOf(`<!-- quick-start: ${name} -->`)
  assert.ok(marker >= 0, `the README has no quick-start block '${name}'`)
  const block = /```\w*\n([\s\S]*?)```/.exec(readme.slice(marker))
  assert.ok(block, `no code block after the quick-start marker '${name}'`)
  return block[1]!
}

describe('the README quick start, from the packed package', () => {
  let project: string
  let server: ChildProcess | undefined
  let browser: Browser | undefined
  let url: string

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'g-kit-quickstart-'))
    // dist/ is built by `npm test` before this suite: pack it as it is.
    execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', project], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] })
    const tarball = readdirSync(project).find((file) => file.endsWith('.tgz'))
    assert.ok(tarball, 'npm pack made no tarball')
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }))
    const tsx = JSON.parse(readFileSync(join(repo, 'node_modules/tsx/package.json'), 'utf8')).version as string
    execFileSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`, `tsx@${tsx}`], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] })
    for (const file of ['public/index.html', 'server.ts']) {
      mkdirSync(join(project, dirname(file)), { recursive: true })
      let text = quickStart(file)
      // The one change: any free port, so that a gallery running on 7860 does not get in the way.
      if (file === 'server.ts') {
        assert.match(text, /port: 7860/)
        text = text.replace('port: 7860', 'port: 0')
      }
      writeFileSync(join(project, file), text)
    }
    const [command, ...args] = quickStart('run').trim().split(/\s+/)
    assert.equal(command, 'npx')
    server = spawn(npm === 'npm' ? 'npx' : 'npx.cmd', args, { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] })
    url = await new Promise<string>((resolve, reject) => {
      let out = ''
      server!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk
        const found = /Open (http:\/\/\S+)/.exec(out)
        if (found) resolve(found[1]!)
      })
      server!.once('exit', (code) => reject(new Error(`the quick start's server exited (${code}) before it listened: ${out}`)))
    })
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: browserArgs })
  })

  after(async () => {
    await browser?.close()
    server?.kill()
    rmSync(project, { recursive: true, force: true })
  })

  it('serves the page, and the cart works', async () => {
    const page = await browser!.newPage()
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(url)
    await page.getByLabel('Milk').check()
    await page.getByLabel('Water').check()
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '2')
    await page.getByRole('button', { name: 'Add Items' }).click()
    await expectValue(page.getByLabel('Cart Size'), '4')
    assert.deepEqual(errors, [])
  })

  it('ships its docs and examples, so that the README links work in the package', () => {
    const installed = join(project, 'node_modules/g-kit')
    for (const file of ['README.md', 'docs/elements.md', 'docs/server.md', 'docs/design.md', 'examples/cart/app.ts', 'dist/kit.js', 'dist/server/index.js']) {
      assert.doesNotThrow(() => readFileSync(join(installed, file)), `${file} is missing from the package`)
    }
    const readme = readFileSync(join(installed, 'README.md'), 'utf8')
    for (const [, link] of readme.matchAll(/\]\(((?:docs|examples)\/[^)#]*)/g)) {
      assert.doesNotThrow(() => readdirSync(dirname(join(installed, link!))), `the README links to ${link}, which the package lacks`)
    }
  })
})
