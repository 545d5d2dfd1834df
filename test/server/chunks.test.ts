// The lazy chunks of kit.js (Markdown, sanitizing, highlighting): served beside it, only built files of their name shape.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createApp, type Listening } from 'g-kit/server'

const DIST = fileURLToPath(new URL('../../dist', import.meta.url))

/** A GET with the path sent exactly as given (fetch would normalize `..` away). */
function get(url: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('lazy chunks', () => {
  let server: Listening
  let chunks: string[] = []
  before(async () => {
    chunks = readdirSync(DIST).filter((file) => /^lazy-.*\.js$/.test(file))
    server = await createApp({}).listen({ port: 0 })
  })
  after(() => server.close())

  it('serves every chunk the build made at g/<chunk>.js, as JavaScript any origin may load, cached for good', async (t) => {
    if (!chunks.length) return t.skip('dist/ is not built: run npm run build')
    assert.ok(chunks.some((file) => file.startsWith('lazy-markdown-')))
    for (const file of chunks) {
      const res = await get(server.url, `/g/${file}`)
      assert.equal(res.status, 200, file)
      assert.match(String(res.headers['content-type']), /^text\/javascript/)
      assert.equal(res.headers['access-control-allow-origin'], '*')
      assert.match(String(res.headers['cache-control']), /immutable/)
      assert.ok(res.body.length > 100)
    }
  })

  it('is imported by kit.js from beside itself', async (t) => {
    if (!chunks.length) return t.skip('dist/ is not built: run npm run build')
    const kit = await get(server.url, '/g/kit.js')
    assert.match(kit.body, /import\(`\.\/lazy-markdown-[\w-]+\.js`\)/)
  })

  it('answers 404 to names that are not built chunks, and to any path outside', async () => {
    for (const path of ['/g/lazy-markdown-AAAAAAAA.js', '/g/package.json', '/g/..%2Fpackage.json', '/g/lazy-x-../../package.json', '/g/server.js', '/g/npm', '/g/lazy-markdown-AAAAAAAA.ts']) {
      const res = await get(server.url, path)
      assert.equal(res.status, 404, path)
      assert.doesNotMatch(res.body, /"name": "g-kit"/)
    }
  })
})
