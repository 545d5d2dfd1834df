import { isIP } from 'node:net'
import { nodeSocketOf } from './proxy.js'

/** One entry of the `hosts` option: a name (or `*.` and a domain), and a port when it names one. */
export interface HostRule {
  name: string
  /** `*.example.com`: any name under `example.com` (not `example.com` itself). */
  wildcard: boolean
  port?: string
}

/** Sockets accepted by a server that `listen` bound to a loopback address. */
const loopbackSockets = new WeakSet<object>()

/** Marks a socket as accepted on a loopback address (by `listen`, which knows where it binds). */
export function markLoopbackSocket(socket: object): void {
  loopbackSockets.add(socket)
}

/** Whether an address to bind (or a host name) is a loopback one: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackAddress(address: string): boolean {
  const host = address.toLowerCase().replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) {
    const canonical = new URL(`http://[${host}]`).hostname // [::1], [::ffff:7f00:1]
    return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical)
  }
  return false
}

/** Checks and normalizes the `hosts` option (undefined when not given). */
export function resolveHosts(hosts: unknown): HostRule[] | undefined {
  if (hosts === undefined) return undefined
  if (!Array.isArray(hosts)) throw new Error(`[g-kit] hosts: expected a list of host names, such as ['apps.example.com'], not ${JSON.stringify(hosts)}`)
  return hosts.map((entry) => {
    if (entry === '*') return { name: '*', wildcard: true }
    const wildcard = typeof entry === 'string' && entry.startsWith('*.')
    const parsed = typeof entry === 'string' ? parseHost(wildcard ? entry.slice(2) : entry) : undefined
    if (!parsed) {
      throw new Error(`[g-kit] hosts: ${JSON.stringify(entry)} is not a host name: write a name such as 'apps.example.com', 'apps.example.com:8443', '*.example.com' or '[::1]', without a scheme or a path`)
    }
    return { ...parsed, wildcard }
  })
}

/**
 * Why a request's `Host` is refused, or undefined when the app answers to it: one of `hosts` when
 * set; when not, and the request came in on a socket `listen` bound to a loopback address, only
 * loopback names (a DNS-rebinding page names its own domain). Otherwise any.
 */
export function hostRefusal(request: Request, hosts: readonly HostRule[] | undefined): string | undefined {
  const header = request.headers.get('host') ?? hostOfUrl(request.url) // a Request made in code has no Host header
  const host = header === null ? undefined : parseHost(header)
  if (hosts === undefined) {
    const socket = nodeSocketOf(request)
    if (!socket || !loopbackSockets.has(socket)) return undefined
    if (host && isLoopbackAddress(host.name)) return undefined
    return `this server listens on a loopback address and answers only to loopback names (localhost, 127.0.0.1, [::1]), not to the host ${shown(header)}: list the names it serves in createApp({ hosts })`
  }
  if (host && hosts.some((rule) => matches(rule, host))) return undefined
  return `this server does not answer to the host ${shown(header)}: add it to createApp({ hosts })`
}

// --- internal ---

/** A Host header (or a `hosts` entry) as a lowercase name and an optional port; undefined when it is not one. */
function parseHost(value: string): { name: string; port?: string } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim())
  if (!match) return undefined
  let name = match[1]!.toLowerCase()
  if (!name.startsWith('[') && !/^[a-z0-9._-]+$/.test(name)) return undefined
  if (name.startsWith('[') && isIP(name.slice(1, -1)) !== 6) return undefined
  if (name.endsWith('.')) name = name.slice(0, -1) // `example.com.` is the same name
  if (!name) return undefined
  return match[2] === undefined ? { name } : { name, port: match[2] }
}

function hostOfUrl(url: string): string | null {
  try {
    return new URL(url).host || null
  } catch {
    return null
  }
}

function matches(rule: HostRule, host: { name: string; port?: string }): boolean {
  if (rule.name === '*') return true
  if (rule.port !== undefined && rule.port !== host.port) return false
  return rule.wildcard ? host.name.endsWith('.' + rule.name) : host.name === rule.name
}

function shown(header: string | null): string {
  return header === null ? '(none)' : JSON.stringify(header.slice(0, 200))
}
