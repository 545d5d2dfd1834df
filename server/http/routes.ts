import { readFile, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join, resolve, sep } from 'node:path'
import { H3, HTTPError, defineWebSocketHandler, getRouterParams, serveStatic, type H3Event } from 'h3'
import type { Hooks } from 'crossws'
import { SOCKET_PATH } from '../protocol.js'
import type { AppCore } from '../core.js'
import { isOriginAllowed } from './origins.js'
import { mountApi } from '../api/routes.js'

/** The app's routes: the element bundle, the socket and the static folder. */
export function appRoutes(core: AppCore, hooks: Partial<Hooks>): H3 {
  const app = new H3()
  // The bundle is public code that any page may load; a page whose origin is not allowed is refused when its socket connects.
  app.get('/g/kit.js', (event) => serveKit(event, 'kit.js'))
  app.get('/g/kit.js.map', (event) => serveKit(event, 'kit.js.map'))
  // The chunks kit.js loads when first needed (a render's sanitizer, …), beside it in dist/.
  app.get('/g/:chunk', (event) => {
    const chunk = getRouterParams(event).chunk ?? ''
    if (!/^[\w-]+\.js(\.map)?$/.test(chunk)) throw new HTTPError({ status: 404, message: 'no such file' })
    return serveKit(event, chunk)
  })
  app.get(`/${SOCKET_PATH}`, defineWebSocketHandler(hooks))
  mountApi(app, core)
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
  event.res.headers.set('content-type', file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json')
  return readFile(join(KIT_DIR, file)).catch(() => {
    throw new HTTPError({ status: 404, message: `${file} is not part of this build of kit.js` })
  })
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
