// HTTP: the element bundle, the static folder, origins, mounting under a base path, and shutdown.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { H3 } from 'h3'
import { createApp, listen, type App, type FnContext, type Listening } from 'g-kit/server'
import { captureLog, closeAll, connect, graph, on, open, within } from './_ws.js'
import { refusedSocket } from './_refused.js'

afterEach(() => closeAll())

/** A GET with the path sent exactly as given (fetch would normalize `..` away). */
function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** The page graph every socket here uses: one echo listener. */
const echoGraph = graph({ controls: ['in', 'out'], listeners: [on('go.click', 'echo', 'in', 'out')] })

function echoApp(options: Parameters<typeof createApp>[0] = {}): App {
  return createApp({ log: captureLog().log, ...options }).fn('echo', (x: unknown) => x)
}

/** A folder to serve, with a secret file beside it that must stay out of reach. */
function makeSite(): { root: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'g-kit-http-'))
  const root = join(dir, 'site')
  mkdirSync(join(root, 'sub'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title>INDEX-PAGE')
  writeFileSync(join(root, 'style.css'), 'body { color: red }')
  writeFileSync(join(root, 'sub', 'page.html'), '<p>SUB-PAGE</p>')
  writeFileSync(join(dir, 'secret.txt'), 'SECRET-OUTSIDE-ROOT')
  return { root, dir }
}

describe('kit.js', () => {
  let app: App
  let url: string
  before(async () => {
    app = echoApp()
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(() => app.close())

  const repo = fileURLToPath(new URL('../../', import.meta.url))
  const built = [join(repo, 'kit.js'), join(repo, 'dist', 'kit.js')].find((file) => existsSync(file))

  if (built) {
    it('serves the built bundle at g/kit.js as JavaScript that any origin may load', async () => {
      for (const origin of [undefined, 'https://evil.example']) {
        const res = await get(url, '/g/kit.js', origin ? { origin } : {})
        assert.equal(res.status, 200)
        assert.match(String(res.headers['content-type']), /^text\/javascript/)
        assert.equal(res.headers['access-control-allow-origin'], '*')
        assert.equal(res.body, readFileSync(built, 'utf8'))
      }
    })
  } else {
    it('answers g/kit.js with 404 and a message to run npm run build when the bundle is not built', async () => {
      const res = await get(url, '/g/kit.js')
      assert.equal(res.status, 404)
      assert.match(res.body, /npm run build/)
    })
  }
})

describe('static folder', () => {
  const { root, dir } = makeSite()
  let app: App
  let url: string
  before(async () => {
    app = echoApp({ static: root })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves index.html at /, and the folder’s files at their paths with their types', async () => {
    const home = await get(url, '/')
    assert.equal(home.status, 200)
    assert.match(home.body, /INDEX-PAGE/)
    assert.match(String(home.headers['content-type']), /^text\/html/)
    const css = await get(url, '/style.css')
    assert.equal(css.status, 200)
    assert.equal(css.body, 'body { color: red }')
    assert.match(String(css.headers['content-type']), /^text\/css/)
    const sub = await get(url, '/sub/page.html')
    assert.equal(sub.status, 200)
    assert.match(sub.body, /SUB-PAGE/)
  })

  it('answers 404 for a file that is not there', async () => {
    assert.equal((await get(url, '/missing.html')).status, 404)
    assert.equal((await get(url, '/sub/missing/deeper.js')).status, 404)
  })

  for (const path of [
    '/../secret.txt',
    '/sub/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd',
    '/%252e%252e/secret.txt',
    '/%2e%2e%00/secret.txt',
  ]) {
    it(`serves nothing outside the folder for ${path}`, async () => {
      const res = await get(url, path)
      assert.notEqual(res.status, 200, `${path} answered 200: ${res.body.slice(0, 80)}`)
      assert.ok(!res.body.includes('SECRET-OUTSIDE-ROOT'))
      assert.ok(!res.body.includes('root:'))
    })
  }

  it('still serves the app’s socket next to the folder', async () => {
    const page = await connect(url, echoGraph)
    const result = await page.event('go.click', { in: 'hi' })
    assert.deepEqual(result.updates.map((u) => u.values), [{ out: 'hi' }])
  })

  it('refuses a request for the folder from a page on another origin', async () => {
    const refused = await get(url, '/index.html', { origin: 'https://evil.example' })
    assert.equal(refused.status, 403)
    assert.ok(!refused.body.includes('INDEX-PAGE'))
    const own = await get(url, '/index.html', { origin: url.replace(/\/$/, '') })
    assert.equal(own.status, 200)
  })
})

describe('origins', () => {
  let app: App
  let url: string
  let listed: App
  let listedUrl: string
  before(async () => {
    app = echoApp()
    ;({ url } = await app.listen({ port: 0 }))
    listed = echoApp({ origins: ['https://cms.example.com'] })
    ;({ url: listedUrl } = await listed.listen({ port: 0 }))
  })
  after(async () => {
    await closeAll()
    await Promise.all([app.close(), listed.close()])
  })

  it('refuses a socket from a page on another origin: one error frame naming the origin, then close code 4003', async () => {
    for (const origin of ['https://evil.example', 'null', 'not a url']) {
      const refusal = await refusedSocket(url, { origin })
      assert.deepEqual(refusal.messages, [{ t: 'error', code: 'origin', message: `this page's origin ${origin} is not in the server's origins: add it to createApp({ origins })` }])
      assert.equal(refusal.code, 4003, `the origin ${origin} was let in`)
    }
  })

  it('accepts a socket from the server’s own origin, and one with no Origin (not a browser page)', async () => {
    for (const origin of [url.replace(/\/$/, ''), undefined]) {
      const page = await connect(url, echoGraph, { origin })
      const result = await page.event('go.click', { in: origin ?? 'none' })
      assert.deepEqual(result.updates.map((u) => u.values), [{ out: origin ?? 'none' }])
    }
  })

  it('accepts a socket from a listed origin and still refuses the others', async () => {
    const page = await connect(listedUrl, echoGraph, { origin: 'https://cms.example.com' })
    assert.ok((await page.event('go.click', { in: 1 })).done)
    assert.equal((await refusedSocket(listedUrl, { origin: 'https://evil.example' })).code, 4003)
    assert.equal((await refusedSocket(listedUrl, { origin: 'https://cms.example.com.evil.example' })).code, 4003)
  })

  it('gives a function the page’s origin in ctx.request', async () => {
    const seen: Array<string | undefined> = []
    listed.fn('origin', (ctx: FnContext) => void seen.push(ctx.request.origin))
    const page = await connect(listedUrl, graph({ listeners: [on('who.click', 'origin')] }), { origin: 'https://cms.example.com' })
    await page.event('who.click')
    assert.deepEqual(seen, ['https://cms.example.com'])
  })
})

describe('mounted in an h3 app under a base path', () => {
  const { root, dir } = makeSite()
  let app: App
  let server: Listening
  before(async () => {
    app = echoApp({ static: root })
    const h3 = new H3()
    h3.get('/', () => 'the host app')
    h3.mount('/cart', app.handler)
    server = await listen(h3, { port: 0 })
  })
  after(async () => {
    await closeAll()
    await app.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves its socket at <base>/g/ws', async () => {
    const page = await connect(new URL('cart/', server.url).href, echoGraph)
    const result = await page.event('go.click', { in: 'mounted' })
    assert.deepEqual(result.updates.map((u) => u.values), [{ out: 'mounted' }])
    await assert.rejects(open(server.url), 'a socket answered outside the base path')
  })

  it('serves its folder and kit.js under the base path, and leaves the host app’s routes alone', async () => {
    const home = await get(server.url, '/cart/')
    assert.equal(home.status, 200)
    assert.match(home.body, /INDEX-PAGE/)
    assert.equal((await get(server.url, '/cart/sub/page.html')).status, 200)
    assert.notEqual((await get(server.url, '/cart/../secret.txt')).status, 200)
    assert.equal((await get(server.url, '/')).body, 'the host app')
    const kit = await get(server.url, '/cart/g/kit.js')
    assert.equal(kit.status, existsSync(fileURLToPath(new URL('../../dist/kit.js', import.meta.url))) ? 200 : 404)
  })
})

describe('app.close()', () => {
  /** Closes `app`; if that does not end in time (pages still connected), closes the pages so that it can. Returns whether it ended in time. */
  async function closeApp(app: App): Promise<boolean> {
    const closing = app.close()
    const inTime = await within(closing, 'app.close()').then(
      () => true,
      () => false,
    )
    if (!inTime) {
      await closeAll()
      await closing
    }
    return inTime
  }

  it('ends every session, open or closed: onDelete of each state, then every onUnload, a throwing callback logged and the others run', async () => {
    const logged = captureLog()
    const app = echoApp({ log: logged.log })
    const events: string[] = []
    app.state('conn', { value: () => ({ open: true }), onDelete: (c: { open: boolean }) => void events.push(`conn closed ${c.open}`) })
    app.state('broken', { value: 1, onDelete: () => { throw new Error('onDelete broke') } })
    app.state('lock', { value: () => ({ held: true }), private: true, onDelete: () => void events.push('lock released') })
    app.fn('use', (conn: unknown, broken: unknown, ctx: FnContext) => void ctx.session.get('lock'))
    app.onUnload(() => {
      throw new Error('first unload broke')
    })
    app.onUnload((ctx) => void events.push(`unload ${ctx.session.id}`))
    const { url } = await app.listen({ port: 0 })

    const g = graph({ listeners: [on('use.click', 'use', 'conn broken')] })
    const pages = [await connect(url, g), await connect(url, g), await connect(url, g)]
    for (const page of pages) assert.deepEqual((await page.event('use.click')).ends.map((e) => e.ok), [true])
    await pages[2]!.close() // a closed session, kept for its closedTtl, ends too
    await closeApp(app)

    assert.deepEqual(
      events.filter((e) => e.startsWith('unload ')).sort(),
      pages.map((p) => `unload ${p.session}`).sort(),
    )
    assert.deepEqual(events.filter((e) => !e.startsWith('unload ')).sort(), [...Array(3).fill('conn closed true'), ...Array(3).fill('lock released')])
    const errors = (message: string) => logged.calls.filter((c) => c.level === 'error' && c.args.some((a) => a instanceof Error && a.message === message))
    assert.equal(errors('onDelete broke').length, 3, logged.text())
    assert.equal(errors('first unload broke').length, 3, logged.text())
    assert.match(logged.text(), /onDelete of state 'broken'/)
    await assert.rejects(open(url), 'the server still accepts sockets after close')
  })

  it('closes the sockets of connected pages, with or without a session, and resolves rather than waiting for them to leave', async () => {
    const app = echoApp()
    const { url } = await app.listen({ port: 0 })
    const sockets = [await connect(url, echoGraph), await open(url)] // the second never said hello
    const closed = sockets.map((s) => new Promise<void>((resolve) => s.ws.once('close', () => resolve())))
    const inTime = await closeApp(app)
    await Promise.all(closed)
    assert.ok(inTime, 'app.close() did not resolve while pages were connected')
  })
})
