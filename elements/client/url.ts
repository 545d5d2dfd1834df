/** `path` under `base` (taken as a folder), as a ws: or wss: URL. */
export function wsUrl(base: URL, path: string): string {
  if (!base.pathname.endsWith('/')) base = new URL(base.pathname + '/' + base.search, base)
  const url = new URL(path, base)
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:'
  return url.href
}
