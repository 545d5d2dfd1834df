// Hosts (the DNS-rebinding guard) and origins: which `Host` names the server answers to, how
// `origins` are written and compared (scheme included), and how a refused origin is named.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { H3 } from 'h3'
import { createApp, listen, type App, type Listening } from 'g-kit/server'
import { coreOf } from '../../server/app.js'
import { captureLog, closeAll, connect, graph, on } from './_ws.js'
import { refusedSocket } from './_refused.js'
import { logRefusal } from '../../server/http/refusals.js'

const echoGraph = graph({ controls: ['in', 'out'], listeners: [on('go.click', 'echo', 'in', 'out')] })

function echoApp(options: Parameters<typeof createApp>[0] = {}): App {
  return createApp({ log: captureLog().log, ...options }).fn('echo', (x: unknown) => x)
}

/** A GET with chosen headers (fetch would not let a test set Host or Origin). */
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

/** Whether a socket with these headers gets a session (a welcome) or is refused with HTTP 403 naming the host. */
async function socketAnswers(url: string, headers: Record<string, string>): Promise<'welcome' | 'refused'> {
  const refusal = await refusedSocket(url, { headers, firstAnswer: true })
  if (refusal.code === -403) {
    assert.match(refusal.body ?? '', /does not answer to the host|answers only to loopback names/)
    return 'refused'
  }
  assert.equal(refusal.messages[0]?.t, 'welcome', JSON.stringify(refusal))
  return 'welcome'
}

describe('hosts: a server on a loopback address, with no hosts set', () => {
  let app: App
  let url: string
  let port: string
  before(async () => {
    app = echoApp()
    ;({ url } = await app.listen({ port: 0, host: '127.0.0.1' }))
    port = new URL(url).port
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  it('answers only to loopback names: a DNS-rebinding page’s own domain gets 403 naming it, on HTTP and on the socket', async () => {
    const cases: Array<[string, boolean]> = [
      [`127.0.0.1:${port}`, true],
      [`localhost:${port}`, true],
      [`LOCALHOST:${port}`, true],
      [`app.localhost:${port}`, true],
      [`127.1.2.3:${port}`, true],
      [`[::1]:${port}`, true],
      ['localhost', true],
      [`rebind.evil.example:${port}`, false],
      [`localhost.evil.example:${port}`, false],
      [`127.0.0.1.evil.example:${port}`, false],
      [`0.0.0.0:${port}`, false],
      [`192.168.1.10:${port}`, false],
    ]
    for (const [host, answers] of cases) {
      const res = await get(url, '/g/kit.js', { host })
      if (answers) assert.notEqual(res.status, 403, `Host ${host} was refused: ${res.body}`)
      else {
        assert.equal(res.status, 403, `Host ${host} was answered`)
        assert.match(res.body, /answers only to loopback names/)
        assert.match(res.body, /createApp\(\{ hosts \}\)/)
      }
      assert.equal(await socketAnswers(url, { host }), answers ? 'welcome' : 'refused', `a socket with Host ${host}`)
    }
  })
})

describe('hosts: set', () => {
  const apps: App[] = []
  after(async () => {
    await closeAll()
    await Promise.all(apps.map((app) => app.close()))
  })
  async function serve(hosts: string[]): Promise<string> {
    const app = echoApp({ hosts })
    apps.push(app)
    return (await app.listen({ port: 0 })).url
  }

  it('answers to the names listed, in any case, on any port unless one is given; others get 403', async () => {
    const table: Array<[string[], string, boolean]> = [
      [['apps.example.com'], 'apps.example.com', true],
      [['apps.example.com'], 'APPS.Example.COM:8080', true],
      [['apps.example.com'], 'apps.example.com.', true],
      [['apps.example.com'], 'other.example.com', false],
      [['apps.example.com'], 'localhost', false],
      [['apps.example.com'], 'apps.example.com.evil.example', false],
      [['apps.example.com:8443'], 'apps.example.com:8443', true],
      [['apps.example.com:8443'], 'apps.example.com:9000', false],
      [['apps.example.com:8443'], 'apps.example.com', false],
      [['*.example.com'], 'a.example.com', true],
      [['*.example.com'], 'b.a.example.com:1', true],
      [['*.example.com'], 'example.com', false],
      [['*.example.com'], 'badexample.com', false],
      [['*'], 'anything.example', true],
      [['[::1]', 'localhost'], '[::1]:7860', true],
    ]
    const urls = new Map<string, string>()
    for (const [hosts, host, answers] of table) {
      const key = JSON.stringify(hosts)
      if (!urls.has(key)) urls.set(key, await serve(hosts))
      const url = urls.get(key)!
      const res = await get(url, '/g/kit.js', { host })
      assert.equal(res.status === 403, !answers, `hosts ${key}, Host ${host}: ${res.status} ${res.body}`)
      if (!answers) assert.match(res.body, /does not answer to the host/)
      assert.equal(await socketAnswers(url, { host }), answers ? 'welcome' : 'refused', `a socket, hosts ${key}, Host ${host}`)
    }
  })

  it('throws at createApp on an entry that is not a host name', () => {
    for (const hosts of [['https://apps.example.com'], ['apps.example.com/cart'], [''], ['user@host'], [42], 'apps.example.com']) {
      assert.throws(() => createApp({ hosts: hosts as string[] }), /\[g-kit\] hosts: .*(not a host name|expected a list)/, JSON.stringify(hosts))
    }
  })
})

describe('hosts: an app mounted in an h3 app of your own', () => {
  it('served by listen() on a loopback address, checks loopback names', async () => {
    const app = echoApp()
    const h3 = new H3().mount('/cart', app.handler)
    const server: Listening = await listen(h3, { port: 0 })
    try {
      const port = new URL(server.url).port
      assert.equal((await get(server.url, '/cart/g/kit.js', { host: `evil.example:${port}` })).status, 403)
      assert.notEqual((await get(server.url, '/cart/g/kit.js', { host: `localhost:${port}` })).status, 403)
    } finally {
      await server.close()
      await app.close()
    }
  })

  it('served by a server g-kit did not start, checks hosts only when set (it cannot know the address it listens on)', async () => {
    const open = echoApp()
    const guarded = echoApp({ hosts: ['apps.example.com'] })
    try {
      assert.notEqual((await open.handler.fetch(new Request('http://rebind.evil.example/g/kit.js'))).status, 403)
      const refused = await guarded.handler.fetch(new Request('http://rebind.evil.example/g/kit.js'))
      assert.equal(refused.status, 403)
      assert.match(await refused.text(), /does not answer to the host/)
      assert.notEqual((await guarded.handler.fetch(new Request('http://apps.example.com/g/kit.js'))).status, 403)
    } finally {
      await Promise.all([open.close(), guarded.close()])
    }
  })
})

describe('origins', () => {
  let app: App
  let url: string
  let own: string
  const logged = captureLog()
  before(async () => {
    app = createApp({ origins: ['HTTPS://Blog.Example.com:443/', 'http://localhost:3000/'], log: logged.log }).fn('echo', (x: unknown) => x)
    ;({ url } = await app.listen({ port: 0 }))
    own = url.replace(/\/$/, '')
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  it('are normalized: case, a trailing slash and a default port do not matter', async () => {
    for (const origin of ['https://blog.example.com', 'http://localhost:3000']) {
      const page = await connect(url, echoGraph, { origin })
      assert.ok((await page.event('go.click', { in: 1 })).done, origin)
      await page.close()
    }
    assert.equal((await refusedSocket(url, { origin: 'https://blog.example.com:8443' })).code, 4003)
    assert.equal((await refusedSocket(url, { origin: 'http://blog.example.com' })).code, 4003, 'another scheme is another origin')
  })

  it('compare the scheme of the server’s own origin too: an http:// server is not its https:// twin', async () => {
    const twin = own.replace(/^http:/, 'https:')
    const refusal = await refusedSocket(url, { origin: twin })
    assert.equal(refusal.code, 4003)
    const page = await connect(url, echoGraph, { origin: own })
    assert.ok((await page.event('go.click', { in: 1 })).done)
  })

  it('take the scheme from x-forwarded-proto only when the app trusts its proxy', async () => {
    const behind = createApp({ trustProxy: 1, log: captureLog().log }).fn('echo', (x: unknown) => x)
    const { url: behindUrl } = await behind.listen({ port: 0 })
    try {
      const https = behindUrl.replace(/^http:/, 'https:').replace(/\/$/, '')
      const headers = { 'x-forwarded-proto': 'https' }
      const page = await connect(behindUrl, echoGraph, { origin: https, headers })
      assert.ok((await page.event('go.click', { in: 1 })).done)
      await page.close()
      assert.equal((await refusedSocket(behindUrl, { origin: https })).code, 4003, 'without the header')
      assert.equal((await refusedSocket(url, { origin: own.replace(/^http:/, 'https:'), headers })).code, 4003, 'an app that does not trust a proxy believed its header')
    } finally {
      await closeAll()
      await behind.close()
    }
  })

  it('throw at createApp on an entry that is not an origin', () => {
    for (const origins of [['blog.example.com'], ['https://blog.example.com/path'], ['ftp://files.example.com'], ['https://user@blog.example.com'], [42], 'https://blog.example.com']) {
      assert.throws(() => createApp({ origins: origins as string[] }), /\[g-kit\] origins: .*(is not an origin|expected a list)/, JSON.stringify(origins))
    }
  })

  it('name a refused origin to the page (one error frame, close 4003, no session) and in the log, once per origin per minute', async () => {
    const sessions = coreOf(app).sessions.size
    for (let i = 0; i < 5; i++) {
      const refusal = await refusedSocket(url, { origin: 'https://evil.example' })
      assert.deepEqual(refusal.messages, [
        { t: 'error', code: 'origin', message: "this page's origin https://evil.example is not in the server's origins: add it to createApp({ origins })" },
      ])
      assert.equal(refusal.code, 4003)
    }
    await refusedSocket(url, { origin: 'https://other.example' })
    const http = await get(url, '/', { origin: 'https://evil.example' })
    assert.equal(coreOf(app).sessions.size, sessions, 'a refused socket made a session')
    const lines = logged.calls.filter((c) => c.level === 'warn').map((c) => String(c.args[0]))
    assert.equal(lines.filter((l) => l.includes('https://evil.example')).length, 1, lines.join('\n'))
    assert.equal(lines.filter((l) => l.includes('https://other.example')).length, 1, lines.join('\n'))
    assert.match(lines.find((l) => l.includes('https://evil.example'))!, /refused: .*this page's origin https:\/\/evil\.example is not in the server's origins/)
    assert.equal(http.status, 404) // no static folder here; origins are checked on the folder (see static.test.ts)
  })
})

// The table of hardening section f ("origins: the socket and the static folder"), with what hosts
// and the scheme now change: a Host the server does not answer to is refused before its origin is
// looked at, and the own origin behind a proxy needs `hosts` and, for https, `trustProxy`.
describe('origins and hosts: the socket and the static folder alike', () => {
  let dir: string
  const apps: App[] = []
  after(async () => {
    await closeAll()
    await Promise.all(apps.map((app) => app.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuse a socket (frame + 4003, or 403 for a host) and a GET of the folder (403) alike, and accept the own and a listed origin', async () => {
    dir = mkdtempSync(join(tmpdir(), 'g-kit-hosts-'))
    mkdirSync(join(dir, 'site'))
    writeFileSync(join(dir, 'site', 'index.html'), 'INDEX-PAGE')
    const serve = async (options: Parameters<typeof createApp>[0]) => {
      const app = echoApp({ static: join(dir, 'site'), secret: 'hosts tests: not a real secret', origins: ['https://cms.example.com'], ...options })
      apps.push(app)
      return (await app.listen({ port: 0 })).url
    }
    const local = await serve({})
    const proxied = await serve({ hosts: ['app.example.com'], trustProxy: 1 })
    const { port } = new URL(local)
    const own = local.replace(/\/$/, '')
    type Case = [what: string, url: string, headers: Record<string, string>, answer: 'ok' | 'origin' | 'host']
    const cases: Case[] = [
      ['an origin outside origins', local, { origin: 'https://evil.example' }, 'origin'],
      ['a lookalike of the listed origin', local, { origin: 'https://cms.example.com.evil.example' }, 'origin'],
      ['the listed origin on another scheme', local, { origin: 'http://cms.example.com' }, 'origin'],
      ['the server’s host on another port', local, { origin: `http://127.0.0.1:${Number(port) + 1}` }, 'origin'],
      ['an opaque origin', local, { origin: 'null' }, 'origin'],
      ['the server’s own origin on https', local, { origin: own.replace(/^http:/, 'https:') }, 'origin'],
      ['a loopback server reached by another name (DNS rebinding)', local, { origin: 'http://app.example.com', host: 'app.example.com' }, 'host'],
      ['the server’s own origin', local, { origin: own }, 'ok'],
      ['the listed origin', local, { origin: 'https://cms.example.com' }, 'ok'],
      ['the own origin behind a trusted proxy that keeps Host', proxied, { origin: 'https://app.example.com', host: 'app.example.com', 'x-forwarded-proto': 'https' }, 'ok'],
      ['the own origin on http behind a proxy that says https', proxied, { origin: 'http://app.example.com', host: 'app.example.com', 'x-forwarded-proto': 'https' }, 'origin'],
      ['a name the proxied server does not answer to', proxied, { origin: 'https://other.example', host: 'other.example', 'x-forwarded-proto': 'https' }, 'host'],
    ]
    for (const [what, url, headers, answer] of cases) {
      const page = await get(url, '/index.html', headers)
      assert.equal(page.status, answer === 'ok' ? 200 : 403, `a GET of the folder from ${what}: ${page.body}`)
      assert.equal(page.body.includes('INDEX-PAGE'), answer === 'ok', `a GET of the folder from ${what}`)
      if (answer !== 'ok') assert.match(page.body, answer === 'host' ? /answer/ : /is not in the server's origins/, what)
      const socket = await refusedSocket(url, { headers, firstAnswer: answer === 'ok' })
      const expected = { ok: 'welcome', origin: 'error 4003', host: 'HTTP 403' }[answer]
      const got = socket.code < 0 ? `HTTP ${-socket.code}` : socket.code === 4003 ? `${socket.messages[0]?.t} 4003` : socket.messages[0]?.t
      assert.equal(got, expected, `a socket from ${what}`)
    }
  })
})

describe('the log of refusals', () => {
  it('names each refused origin once a minute, and remembers at most 1000 at a time, so that a flood cannot flood the log', () => {
    const logged = captureLog()
    const core = { log: logged.log }
    const t0 = 1_000_000
    for (let i = 0; i < 5; i++) logRefusal(core, 'origin https://evil.example', 'evil', t0 + i * 1000)
    assert.equal(logged.calls.length, 1, 'the same origin within a minute')
    logRefusal(core, 'origin https://evil.example', 'evil', t0 + 60_000)
    assert.equal(logged.calls.length, 2, 'the same origin a minute later')
    for (let i = 0; i < 5000; i++) logRefusal(core, `origin https://${i}.evil.example`, `origin ${i}`, t0 + 60_000)
    assert.equal(logged.calls.length, 2 + 999, 'a flood of distinct origins')
    logRefusal(core, 'origin https://late.example', 'late', t0 + 120_000)
    assert.equal(logged.calls.length, 2 + 999 + 1, 'room again once the remembered ones aged out')
  })
})
