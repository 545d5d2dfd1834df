import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { H3, HTTPError, defineWebSocketHandler, getRouterParams, type H3Event } from 'h3'
import type { Hooks } from 'crossws'
import { SOCKET_PATH } from '../protocol.js'
import type { AppCore } from '../core.js'
import { originRefusalMessage, refusedOrigin } from './origins.js'
import { hostRefusal } from './hosts.js'
import { logRefusal } from './refusals.js'
import { socketGuard } from './upgrade.js'
import { serveFolder } from './static.js'
import { mountApi } from '../api/routes.js'
import { serveBuilt } from './assets.js'

/** The app's routes: the element bundle, the socket and the static folder, behind the host check. */
export function appRoutes(core: AppCore, hooks: Partial<Hooks>): H3 {
  const app = new H3()
  // Every request, WebSocket upgrades included (h3 answers those before crossws upgrades them).
  app.use((event) => assertHost(event, core))
  // The bundle is public code that any page may load; a page whose origin is not allowed is refused when its socket connects.
  app.get('/g/kit.js', (event) => serveKit(event, 'kit.js'))
  app.get('/g/kit.js.map', (event) => serveKit(event, 'kit.js.map'))
  // The chunks kit.js loads when first needed (a render's sanitizer, Markdown, highlighting), beside it in dist/.
  app.get('/g/:chunk', (event) => serveChunk(event, getRouterParams(event).chunk ?? ''))
  app.get(`/${SOCKET_PATH}`, defineWebSocketHandler(socketGuard(core, hooks)))
  mountApi(app, core)
  const folder = core.options.static
  if (folder !== undefined) {
    app.get('/**', (event) => {
      assertOrigin(event, core)
      return serveFolder(event, folder)
    })
  }
  return app
}

/**
 * Refuses (403, naming the origin) a request from a page whose origin the app does not allow.
 * Given a list of origins rather than the app, it trusts no proxy and logs nothing.
 */
export function assertOrigin(event: H3Event, core: Pick<AppCore, 'options' | 'log'> | readonly string[]): void {
  const app = Array.isArray(core) ? undefined : (core as AppCore)
  const origin = refusedOrigin(event.req, app ? app.options.origins : (core as readonly string[]), app?.options.trustProxy)
  if (origin === undefined) return
  const message = originRefusalMessage(origin)
  if (app) logRefusal(app, `origin ${origin}`, `a request from ${message}`)
  throw new HTTPError({ status: 403, message })
}

/** Refuses (403, naming the host) a request whose `Host` the app does not answer to: the DNS-rebinding guard. */
export function assertHost(event: H3Event, core: Pick<AppCore, 'options' | 'log'>): void {
  const refusal = hostRefusal(event.req, core.options.hosts)
  if (refusal === undefined) return
  logRefusal(core, `host ${event.req.headers.get('host')?.slice(0, 200)}`, refusal)
  throw new HTTPError({ status: 403, message: refusal })
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
  // display: from memory, gzipped, with an ETag (a revalidation is a 304)
  return serveBuilt(event, join(KIT_DIR, file), file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json').catch(() => {
    throw new HTTPError({ status: 404, message: `${file} is not part of this build of kit.js` })
  })
}

/** A chunk's file name: no path, nothing else (vite.config.ts names them `lazy-<name>-<hash>.js`). */
const CHUNK = /^[\w-]+\.js(\.map)?$/

function serveChunk(event: H3Event, file: string) {
  if (!CHUNK.test(file)) throw new HTTPError({ status: 404, message: 'no such file' })
  const response = serveKit(event, file)
  // A lazy chunk's name carries its content's hash: it never changes under that name.
  if (file.startsWith('lazy-')) event.res.headers.set('cache-control', 'public, max-age=31536000, immutable')
  return response
}
