import { wsUrl } from '../client/url.js'

declare const __G_STANDALONE__: boolean | undefined

/**
 * The WebSocket URL of an app: under its `server` attribute if given; else under the server that
 * served kit.js (when the page loaded the standalone bundle); else the page's own origin.
 */
export function socketUrl(server: string | null | undefined, path: string): string {
  const standalone = typeof __G_STANDALONE__ !== 'undefined' && __G_STANDALONE__
  // kit.js is served at <base>/g/kit.js. (Through a variable: Vite would take `new URL(path, import.meta.url)` for an asset.)
  const kitUrl = import.meta.url
  const base = server ? new URL(server, document.baseURI) : standalone ? new URL('..', kitUrl) : new URL('/', location.href)
  return wsUrl(base, path)
}
