// The options of createApp, and the checks of those that only createApp reads.
import type { SessionStore } from './store/types.js'
import type { TrustProxy } from './http/proxy.js'

/** Options of {@link createApp}. Times are in seconds. */
export interface AppOptions {
  /**
   * A folder served at the app's base path. A relative path is resolved against the working
   * directory when `createApp` runs (use `fileURLToPath(new URL('./public', import.meta.url))` for a
   * folder beside your module). Dotfiles, dot-folders and links out of the folder are never served.
   */
  static?: string
  /** How long a session is kept after its tab closed. @default 3600 */
  closedTtl?: number
  /** Time between sweeps of expired sessions and states. @default 60 */
  sweepInterval?: number
  /** Capacity; beyond it the least recently used closed session of the client holding the most goes first. @default 10000 */
  maxSessions?: number
  /**
   * Sessions, open and closed, that one client address (an IPv6 /64) may hold. Past it, that
   * client's session whose page closed longest ago is evicted; when all of its sessions are open,
   * it is refused. Raise it when many users share one address (a NAT) without `trustProxy`. @default 64
   */
  maxSessionsPerClient?: number
  /**
   * Key(s) for sealing browser state, newest first: tokens sealed with any of them open, and are
   * resealed with the first at their next write. Each at least 16 characters.
   * @default process.env.G_SECRET, else a secret made once and kept in `secretFile`
   */
  secret?: string | string[]
  /** Where the secret made when neither `secret` nor `G_SECRET` gives one is kept (mode 0600). @default '.g-kit/secret' */
  secretFile?: string
  /** Largest value a browser state may hold, in characters of JSON. @default 65536 */
  maxBrowserState?: number
  /**
   * Seconds a sealed browser state token is taken after it was sealed (its last write): an older
   * one opens as the state's default, with a warning in the log. It bounds how far back a page can
   * roll a browser state by sending an older token of it. @default no limit
   */
  maxAge?: number
  /**
   * Where sessions live: `'memory'` (this process only), a Redis URL (`redis://host:6379`,
   * `rediss://…`) that several instances of the app share behind any proxy, or a store of your own.
   * With Redis, values must be structured-clonable (Map, Set, Date, BigInt, typed arrays allowed).
   * @default process.env.G_REDIS_URL, else 'memory'
   */
  store?: 'memory' | `redis://${string}` | `rediss://${string}` | SessionStore
  /**
   * The app's identity in a shared store: its keys start with `g-kit:<id>:`, so it must be the same
   * on every instance of the app and differ between apps that share one Redis.
   * @default process.env.G_APP_ID, else the `name` in the working directory's package.json, else 'app'
   */
  id?: string
  /**
   * Seconds a lease on a shared store lasts unless its instance renews it (it does, every third of
   * it, while it runs a session's event or a global's update): how long the events of a session, or
   * a global, wait after the instance running them died. @default 10
   */
  leaseTtl?: number
  /**
   * Pages on other origins allowed to connect, such as `'https://blog.example.com'` (case, a
   * trailing slash and a default port do not matter); `'*'` allows any. The server's own origin
   * (scheme and `Host` of the request) always is. An entry that is not an origin throws. @default []
   */
  origins?: string[]
  /**
   * `Host` names the app answers to (DNS-rebinding guard), such as `'apps.example.com'`,
   * `'apps.example.com:8443'` (that port only), `'*.example.com'`, or `'*'` for any; case does not
   * matter. When not set, an app served by `listen` on a loopback address answers only to loopback
   * names (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`), and any other (or one in an h3 server
   * `listen` did not start) answers to any. Other hosts get 403.
   */
  hosts?: string[]
  /**
   * Whether a proxy in front says who the client is (`x-forwarded-for`) and which scheme the page
   * used (`x-forwarded-proto`): `true` (any chain: only when your proxy overwrites the header), the
   * number of proxies in front, or `{ header }` naming the header your proxy sets to the client's
   * address. Only set it when every request comes through that proxy. @default false
   */
  trustProxy?: TrustProxy
  /** Largest frame a browser may send, in bytes. @default 1048576 */
  maxFrame?: number
  /**
   * Seconds between pings of each page's socket; a page that answers none for that long is taken
   * for gone (its session closes and its `closedTtl` starts). Applies to the servers `listen` starts. @default 30
   */
  heartbeat?: number
  /**
   * Serves the HTTP API (`GET <base>/g/api`, `POST <base>/g/api/<fn>`) and the Gradio-compatible API
   * (for `@gradio/client`) for the functions with declared wiring; `false` turns both off. @default true
   */
  api?: boolean
  /**
   * Bytes of results (the JSON sent) a session keeps for its page, which acknowledges them as they
   * arrive, to resend them after a dropped connection. Past it the oldest are forgotten: a page that
   * sends such an event again gets an error. @default 262144
   */
  maxKeptResults?: number
  /** Events that may wait in one session's queue behind the one running; more get an error and do not run. @default 1000 */
  maxQueuedEvents?: number
  /** Bytes of the frames of the events waiting in one session's queue; past it, an event gets an error and does not run. @default 4194304 */
  maxQueuedBytes?: number
  /**
   * Bytes sent to a socket and not yet taken by its reader, beyond which the server sends it nothing
   * more and closes it (code 1008) with a reason: a page that does not read. @default 4194304
   */
  maxBuffered?: number
  /** Names a page's app may declare in total: states, controls, globals, listeners and every name each listener lists. @default 10000 */
  maxAppSize?: number
  /** Where warnings and errors go. @default console */
  log?: Pick<Console, 'warn' | 'error'>
}

export function checkLeaseTtl(leaseTtl: unknown): number {
  if (leaseTtl === undefined) return 10
  if (typeof leaseTtl === 'number' && leaseTtl >= 0.05) return leaseTtl
  throw new Error(`[g-kit] leaseTtl: ${JSON.stringify(leaseTtl)} is not a number of seconds (at least 0.05)`)
}

export function checkMaxAge(maxAge: unknown): number | undefined {
  if (maxAge === undefined || (typeof maxAge === 'number' && maxAge > 0)) return maxAge
  throw new Error(`[g-kit] maxAge: ${JSON.stringify(maxAge)} is not a positive number of seconds`)
}
