import { wsUrl } from '../client/url.js'

declare const __G_STANDALONE__: boolean | undefined

/** Where kit.js lives under a g-kit server's base path. */
const KIT_PATH = /\/g\/kit\.js$/

/**
 * The WebSocket URL of an app: under its `server` attribute if given; else under the server whose
 * kit.js script comes last before the app in the page (so that apps of several servers embedded
 * in one page each talk to their own); else under the server that served this bundle; else the
 * page's own origin (an SPA that bundled g-kit). Throws, saying to set `server`, when several
 * servers' kit.js are on the page and none comes before the app.
 */
export function socketUrl(app: HTMLElement & { server?: string }, path: string): string {
  if (app.server) return wsUrl(new URL(app.server, document.baseURI), path)
  const scripts = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].filter((script) => KIT_PATH.test(new URL(script.src, document.baseURI).pathname))
  const before = scripts.filter((script) => script.compareDocumentPosition(app) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1)
  if (before) return wsUrl(new URL('..', new URL(before.src, document.baseURI)), path)
  const servers = new Set(scripts.map((script) => new URL('..', new URL(script.src, document.baseURI)).href))
  if (servers.size > 1) {
    throw new Error(`this page loads g-kit from several servers (${[...servers].join(', ')}) and no kit.js comes before this <g-app>: set its server attribute`)
  }
  const standalone = typeof __G_STANDALONE__ !== 'undefined' && __G_STANDALONE__
  // kit.js is served at <base>/g/kit.js. (Through a variable: Vite would take `new URL(path, import.meta.url)` for an asset.)
  const kitUrl = import.meta.url
  return wsUrl(standalone ? new URL('..', kitUrl) : new URL('/', location.href), path)
}
