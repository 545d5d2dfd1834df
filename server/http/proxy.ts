import { isIP } from 'node:net'
import type { Socket } from 'node:net'
import type { IncomingMessage } from 'node:http'

/**
 * Whether the app trusts a proxy in front of it to say who the client is: `false` (the default)
 * believes only the socket; `true` believes the whole `x-forwarded-for` chain (its leftmost
 * address, which any client can forge unless your proxy overwrites the header); a number is how
 * many proxies are in front (the address that many hops back in the chain); `{ header }` names a
 * header your proxy sets to the client's address (such as `x-real-ip` or `cf-connecting-ip`).
 * When trusted, `x-forwarded-proto` also gives the scheme the page used.
 */
export type TrustProxy = boolean | number | { header: string }

/** The Node socket under a request served by Node (h3/srvx and crossws keep it), if any. */
export function nodeSocketOf(request: Request): Socket | undefined {
  return (request as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req?.socket
}

/** The client's address: the socket's, or a trusted proxy's word for it. IPv4 addresses mapped into IPv6 are given as IPv4. */
export function clientAddress(trust: TrustProxy, socketAddress: string | undefined, headers: Headers): string | undefined {
  if (trust === false || trust === 0) return plainAddress(socketAddress)
  if (typeof trust === 'object') return plainAddress(lastItem(headers.get(trust.header))) ?? plainAddress(socketAddress)
  const chain = [...items(headers.get('x-forwarded-for')), ...(socketAddress ? [socketAddress] : [])]
  if (!chain.length) return undefined
  const index = trust === true ? 0 : Math.max(0, chain.length - 1 - trust)
  return plainAddress(chain[index])
}

/** The scheme the page used: TLS on the socket, else a trusted `x-forwarded-proto`, else the request URL's. */
export function requestScheme(trust: TrustProxy, request: Request): 'http' | 'https' {
  const socket = nodeSocketOf(request) as (Socket & { encrypted?: boolean }) | undefined
  if (socket?.encrypted) return 'https'
  if (trust !== false && trust !== 0) {
    const protos = items(request.headers.get('x-forwarded-proto'))
    const proto = typeof trust === 'number' ? protos[Math.max(0, protos.length - trust)] : typeof trust === 'object' ? protos.at(-1) : protos[0]
    if (proto) return proto.toLowerCase() === 'https' ? 'https' : 'http'
  }
  if (socket) return 'http'
  try {
    return new URL(request.url).protocol === 'https:' ? 'https' : 'http'
  } catch {
    return 'http'
  }
}

/** Checks a `trustProxy` option. */
export function checkTrustProxy(value: unknown): TrustProxy {
  if (value === undefined) return false
  if (typeof value === 'boolean') return value
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  if (typeof value === 'object' && value !== null && typeof (value as { header?: unknown }).header === 'string' && (value as { header: string }).header) {
    return { header: (value as { header: string }).header.toLowerCase() }
  }
  throw new Error(`[g-kit] trustProxy: ${JSON.stringify(value)} is not true, false, a number of proxies or { header: 'x-real-ip' }`)
}

// --- internal ---

function items(header: string | null): string[] {
  if (!header) return []
  // The entries a proxy adds are at the end: a client's long header must not push them out.
  return header
    .slice(-4096)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

function lastItem(header: string | null): string | undefined {
  return items(header).at(-1)
}

/** An address as a plain IP where it is one (`::ffff:1.2.3.4` → `1.2.3.4`, `[::1]:80` → `::1`); other text is kept, cut short. */
function plainAddress(address: string | undefined): string | undefined {
  if (!address) return undefined
  let ip = address
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip)
  if (bracketed) ip = bracketed[1]!
  else if (/^[\d.]+:\d+$/.test(ip)) ip = ip.slice(0, ip.indexOf(':'))
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) ip = mapped[1]!
  return isIP(ip) ? ip.toLowerCase() : address.slice(0, 100)
}
