// The static folder: no dotfiles or dot-folders, no link out of the folder, no start with the
// secret file inside it, and a relative path resolved (once) against the working directory.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App } from 'g-kit/server'
import { captureLog } from './_ws.js'

function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

const SECRET = 'static tests: not a real secret'

/** A folder to serve, full of things it must not serve, with a secret file beside it. */
function makeSite(): { dir: string; root: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'g-kit-static-')))
  const root = join(dir, 'site')
  mkdirSync(join(root, 'sub'), { recursive: true })
  mkdirSync(join(root, '.g-kit'))
  mkdirSync(join(root, '.git'))
  writeFileSync(join(root, 'index.html'), 'INDEX-PAGE')
  writeFileSync(join(root, 'style.css'), 'STYLE')
  writeFileSync(join(root, '.env'), 'DOTFILE-ENV')
  writeFileSync(join(root, '.g-kit', 'secret'), 'DOTFOLDER-SECRET')
  writeFileSync(join(root, '.git', 'config'), 'DOTFOLDER-GIT')
  writeFileSync(join(root, 'sub', '.hidden.html'), 'DOTFILE-SUB')
  writeFileSync(join(dir, 'outside.txt'), 'OUTSIDE')
  mkdirSync(join(dir, 'elsewhere'))
  writeFileSync(join(dir, 'elsewhere', 'file.txt'), 'OUTSIDE-DIR')
  symlinkSync(join(dir, 'outside.txt'), join(root, 'link-out.txt'))
  symlinkSync(join(dir, 'elsewhere'), join(root, 'dir-out'))
  symlinkSync(join('..', '..'), join(root, 'sub', 'up'))
  symlinkSync(join(root, 'style.css'), join(root, 'link-in.css'))
  symlinkSync(join(root, '.env'), join(root, 'env.txt'))
  return { dir, root }
}

describe('static: what the folder never serves', () => {
  const { dir, root } = makeSite()
  let app: App
  let url: string
  before(async () => {
    app = createApp({ static: root, secret: SECRET, log: captureLog().log })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves its files, and a link to a file inside it', async () => {
    assert.equal((await get(url, '/')).body, 'INDEX-PAGE')
    assert.equal((await get(url, '/style.css')).body, 'STYLE')
    assert.equal((await get(url, '/link-in.css')).body, 'STYLE')
  })

  for (const path of ['/.env', '/.g-kit/secret', '/.git/config', '/sub/.hidden.html', '/%2eenv', '/%2Eg-kit/secret', '/sub/%2ehidden.html', '/env.txt']) {
    it(`serves no dotfile or dot-folder: ${path}`, async () => {
      const res = await get(url, path)
      assert.equal(res.status, 404, `${path} answered ${res.status}: ${res.body.slice(0, 80)}`)
      assert.doesNotMatch(res.body, /DOTFILE|DOTFOLDER/)
    })
  }

  for (const path of ['/link-out.txt', '/dir-out/file.txt', '/sub/up/outside.txt']) {
    it(`follows no link out of the folder: ${path}`, async () => {
      const res = await get(url, path)
      assert.equal(res.status, 404, `${path} answered ${res.status}: ${res.body.slice(0, 80)}`)
      assert.doesNotMatch(res.body, /OUTSIDE/)
    })
  }

  it('refuses a page on another origin with 403 naming its origin', async () => {
    const res = await get(url, '/style.css', { origin: 'https://evil.example' })
    assert.equal(res.status, 403)
    assert.match(res.body, /this page's origin https:\/\/evil\.example is not in the server's origins: add it to createApp\(\{ origins \}\)/)
  })
})

describe('static: the secret file', () => {
  const saved = process.env.G_SECRET
  before(() => void delete process.env.G_SECRET)
  after(() => {
    if (saved !== undefined) process.env.G_SECRET = saved
  })

  it('refuses to start when the secret file lies inside the static folder', () => {
    const { dir, root } = makeSite()
    try {
      assert.throws(() => createApp({ static: root, secretFile: join(root, 'keys', 'secret'), log: captureLog().log }), /secret file .* lies inside the static folder/)
      assert.throws(() => createApp({ static: root, secretFile: join(root, '.g-kit', 'secret'), log: captureLog().log }), /secret file .* lies inside the static folder/)
      // Through a link to the folder too.
      symlinkSync(root, join(dir, 'alias'))
      assert.throws(() => createApp({ static: join(dir, 'alias'), secretFile: join(root, 'secret'), log: captureLog().log }), /lies inside the static folder/)
      // Beside it is fine, and so is any place when the secret does not come from the file.
      assert.doesNotThrow(() => createApp({ static: root, secretFile: join(dir, 'secret'), log: captureLog().log }).close())
      assert.doesNotThrow(() => createApp({ static: root, secretFile: join(root, 'secret'), secret: SECRET, log: captureLog().log }).close())
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses to serve the working directory with the default secret file in it', () => {
    assert.throws(() => createApp({ static: '.', log: captureLog().log }), /secret file .*\.g-kit[/\\]secret lies inside the static folder/)
  })
})

describe('static: a relative path', () => {
  it('is resolved against the working directory when createApp runs, and a missing folder is logged once and named in its 404s', async () => {
    const { dir } = makeSite()
    const cwd = process.cwd()
    const logged = captureLog()
    let app: App
    let missing: App
    try {
      process.chdir(dir)
      app = createApp({ static: 'site', secret: SECRET, log: captureLog().log })
      missing = createApp({ static: 'no-such-folder', secret: SECRET, log: logged.log })
    } finally {
      process.chdir(cwd)
    }
    try {
      const { url } = await app.listen({ port: 0 })
      assert.equal((await get(url, '/style.css')).body, 'STYLE', 'the folder moved with the working directory')
      const warnings = logged.calls.filter((c) => c.level === 'warn').map((c) => String(c.args[0]))
      assert.equal(warnings.length, 1, warnings.join('\n'))
      assert.match(warnings[0]!, new RegExp(`static: the folder ${join(dir, 'no-such-folder').replace(/[/\\]/g, '.')} .*resolved against the working directory ${dir.replace(/[/\\]/g, '.')}.* does not exist`))
      const { url: missingUrl } = await missing.listen({ port: 0 })
      for (const path of ['/', '/index.html']) {
        const res = await get(missingUrl, path)
        assert.equal(res.status, 404)
        assert.match(res.body, /static folder \\"no-such-folder\\" does not exist \(it is resolved against the server's working directory/)
      }
      assert.equal(logged.calls.length, 1, 'logged again per request')
    } finally {
      await Promise.all([app.close(), missing.close()])
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
