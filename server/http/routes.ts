import { readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join, resolve, sep } from 'node:path'
import { H3, HTTPError, defineWebSocketHandler, getRouterParams, serveStatic, type H3Event } from 'h3'
import type { Hooks } from 'crossws'
import { SOCKET_PATH } from '../protocol.js'
import type { AppCore } from '../core.js'
import { isOriginAllowed } from './origins.js'
import { serveBuilt } from './assets.js'

/** The app's routes: the element bundle, the socket and the static folder. */
export function appRoutes(core: AppCore, hooks: Partial<Hooks>): H3 {
  const app = new H3()
  // The bundle is public code that any page may load; a page whose origin is not allowed is refused when its socket connects.
  app.get('/g/kit.js', (event) => serveKit(event, 'kit.js'))
  app.get('/g/kit.js.map', (event) => serveKit(event, 'kit.js.map'))
  // The lazy chunks kit.js imports beside itself (Markdown, sanitizing, highlighting): only built files of their name shape.
  app.get('/g/:chunk', (event) => serveChunk(event, getRouterParams(event).chunk ?? ''))
  app.get(`/${SOCKET_PATH}`, defineWebSocketHandler(hooks))
  const root = core.options.static
  if (root !== undefined) {
    app.get('/**', (event) => {
      assertOrigin(event, core.options.origins)
      return serveFolder(event, resolve(root))
    })
  }
  return app
}

/** Refuses a request from a page whose origin the app does not allow. */
export function assertOrigin(event: H3Event, origins: readonly string[]): void {
  if (!isOriginAllowed(event.req, origins)) throw new HTTPError({ status: 403, message: 'origin not allowed' })
}

// --- internal ---

/** Where the built bundle is: beside the compiled server (dist/server/http → dist), or under dist/ when run from source. */
const KIT_DIR = [fileURLToPath(new URL('../..', import.meta.url)), fileURLToPath(new URL('../../dist', import.meta.url))].find((dir) =>
  existsSync(join(dir, 'kit.js')),
)

async function serveKit(event: H3Event, file: string) {
  if (!KIT_DIR) throw new HTTPError({ status: 404, message: 'kit.js is not built: run `npm run build` in g-kit' })
  // Pages on any origin load the bundle as a module script, which is fetched with CORS.
  event.res.headers.set('access-control-allow-origin', '*')
  event.res.headers.set('cache-control', 'no-cache')
  return serveBuilt(event, join(KIT_DIR, file), file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json') // display: gzipped, ETag
}

/** A lazy chunk's file name, as vite.config.ts names them: no path, nothing else. */
const CHUNK = /^lazy-[a-z]+-[\w-]{6,12}\.js(\.map)?$/

function serveChunk(event: H3Event, file: string) {
  if (!CHUNK.test(file) || !KIT_DIR || !existsSync(join(KIT_DIR, file))) throw new HTTPError({ status: 404, message: 'no such chunk' })
  const response = serveKit(event, file)
  // A chunk's name carries its content hash: it never changes under that name.
  event.res.headers.set('cache-control', 'public, max-age=31536000, immutable')
  return response
}

function serveFolder(event: H3Event, root: string) {
  // Mounted under a base path, the request path starts with the base; the route's wildcard is the rest.
  const rest = '/' + (getRouterParams(event)._ ?? '')
  const pathname = event.url.pathname
  const base = pathname.endsWith(rest) ? pathname.slice(0, pathname.length - rest.length) : ''
  // `id` keeps encoded separators encoded (h3's traversal guard); resolve() plus the prefix check keeps us inside root.
  const path = (id: string) => {
    let full: string
    try {
      full = resolve(root, '.' + decodeURI(id.startsWith(base + '/') ? id.slice(base.length) : id))
    } catch {
      return undefined // malformed percent-encoding names no file
    }
    return full === root || full.startsWith(root + sep) ? full : undefined
  }
  return serveStatic(event, {
    indexNames: ['/index.html'],
    getMeta: async (id) => {
      const full = path(id)
      const stats = full ? await stat(full).catch(() => undefined) : undefined
      return stats?.isFile() ? { size: stats.size, mtime: stats.mtimeMs } : undefined
    },
    getContents: (id) => {
      const full = path(id)
      return full ? readFile(full) : undefined
    },
  })
}
