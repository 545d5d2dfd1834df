import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { H3, redirect } from 'h3'
import { listen, type App, type Listening } from 'g-kit/server'
import { app as cart } from './cart/app.js'
import { app as messages } from './messages/app.js'
import { app as scores } from './scores/app.js'
import { app as counters } from './counters/app.js'
import { app as cleanup } from './cleanup/app.js'
import { app as login } from './login/app.js'
import { app as visitors } from './visitors/app.js'
import { app as todo } from './todo/app.js'
import { app as stateChange } from './state-change/app.js'
import { app as spa } from './spa/app.js'
import { app as api } from './api/app.js'
import { app as kitchenSink } from './kitchen-sink/app.js'
import { app as interfaces } from './interface/app.js'
import { app as chat } from './chat/app.js'

/** Every example, each its own app mounted under its own path. */
export const examples: Record<string, App> = { cart, messages, scores, counters, visitors, login, cleanup, todo, 'state-change': stateChange, spa, api, interface: interfaces, chat, 'kitchen-sink': kitchenSink }

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

/** Serves the gallery: an index page at `/`, each example under `/<name>/`. */
export async function startGallery(options: { port?: number; host?: string } = {}): Promise<Listening> {
  const gallery = new H3()
  gallery.get('/', async () => new Response(await readFile(here('index.html')), { headers: { 'content-type': 'text/html; charset=utf-8' } }))
  gallery.get('/examples.css', async () => new Response(await readFile(here('examples.css')), { headers: { 'content-type': 'text/css' } }))
  // An example's page loads `g/kit.js` relative to itself, so its folder needs the trailing slash.
  gallery.use((event) => {
    const name = event.url.pathname.slice(1)
    if (Object.hasOwn(examples, name)) return redirect(`/${name}/`)
  })
  for (const [name, app] of Object.entries(examples)) gallery.mount(`/${name}`, app.handler)
  const server = await listen(gallery, options)
  return {
    url: server.url,
    async close() {
      await server.close()
      await Promise.all(Object.values(examples).map((app) => app.close()))
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const gallery = await startGallery({ port: Number(process.env.PORT ?? 7860), host: process.env.HOST ?? '127.0.0.1' })
  console.log(`g-kit examples: ${gallery.url}`)
  // End every session cleanly (their onDelete and onUnload run) before the process goes.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void gallery.close().then(() => process.exit(0)))
  }
}
