import { requestScheme, type TrustProxy } from './proxy.js'

/**
 * Checks and normalizes the `origins` option: each entry an `http(s)://host[:port]` origin (a
 * trailing slash, a default port and case do not matter), or `'*'` for any. Throws on anything else.
 */
export function resolveOrigins(origins: unknown): string[] {
  if (origins === undefined) return []
  if (!Array.isArray(origins)) throw new Error(`[g-kit] origins: expected a list of origins, such as ['https://blog.example.com'], not ${JSON.stringify(origins)}`)
  return origins.map((entry) => {
    if (entry === '*') return '*'
    const normalized = typeof entry === 'string' ? normalizeOrigin(entry) : undefined
    if (normalized === undefined) {
      throw new Error(`[g-kit] origins: ${JSON.stringify(entry)} is not an origin: write the scheme, host and port of the pages, such as 'https://blog.example.com' or 'http://localhost:3000', without a path`)
    }
    return normalized
  })
}

/** `HTTPS://Blog.Example.com:443/` → `https://blog.example.com`; undefined for anything but an http(s) origin. */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined
  return url.origin
}

/**
 * The page's origin when the app refuses it, or undefined when the request may use the app:
 * requests with no `Origin` (not from a browser page), from the server's own origin (the scheme of
 * the request and its `Host`, so that it works behind a proxy that keeps `Host`), or from a listed one.
 */
export function refusedOrigin(request: Request, origins: readonly string[], trust: TrustProxy = false): string | undefined {
  const origin = request.headers.get('origin')
  if (origin === null || origins.includes('*')) return undefined
  const normalized = normalizeOrigin(origin)
  if (normalized !== undefined) {
    if (origins.includes(normalized)) return undefined
    const host = request.headers.get('host')
    if (host !== null && normalizeOrigin(`${requestScheme(trust, request)}://${host}`) === normalized) return undefined
  }
  return origin.slice(0, 200)
}

/** Whether a request may use the app (see {@link refusedOrigin}). */
export function isOriginAllowed(request: Request, origins: readonly string[], trust: TrustProxy = false): boolean {
  return refusedOrigin(request, origins, trust) === undefined
}

/** What the page (and the log) is told about an origin the app refuses. */
export function originRefusalMessage(origin: string): string {
  return `this page's origin ${origin} is not in the server's origins: add it to createApp({ origins })`
}
