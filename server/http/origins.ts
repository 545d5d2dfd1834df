/**
 * Whether a request may use the app: requests with no `Origin` (not from a browser page), from the
 * request's own host (so that it works behind a proxy that keeps `Host`), or from a listed origin.
 */
export function isOriginAllowed(request: Request, origins: readonly string[]): boolean {
  const origin = request.headers.get('origin')
  if (!origin) return true
  if (origins.includes('*') || origins.includes(origin)) return true
  const host = request.headers.get('host')
  try {
    return host !== null && new URL(origin).host === host
  } catch {
    return false // an Origin header that is not a URL ("null", garbage) matches nothing
  }
}
