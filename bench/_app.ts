import { createApp, type App, type AppOptions } from 'g-kit/server'
import { rowsHtml } from './_rows.js'

/** The pages the browser figures load, served by the bench's servers. */
export const PAGES_DIR = new URL('pages/', import.meta.url)

/** The app under test: the functions the bench's pages and clients call; it serves bench/pages/ and g/kit.js. */
export function benchApp(options: AppOptions = {}): App {
  const app = createApp({ static: PAGES_DIR.pathname, ...options })
  app.fn('increment', (n: number) => n + 1)
  // The browser page's button: the state and the number it shows, both written.
  app.fn('increment_shown', (n: number) => [n + 1, n + 1])
  // The chained listeners of the linear-work figure: nothing to do, so that the order is what is timed.
  app.fn('pass', () => undefined)
  // The render figure's list (bench/_rows.ts).
  app.fn('rows', (n: number) => rowsHtml(Number(n)))
  return app
}
