import type { H3 } from 'h3'
import type { AppCore, AppFunction, ConnectionHandler, FnWiring, StateOptions, UnloadHandler } from './core.js'
import { globalHandle, type GlobalHandle } from './shared/globals.js'
import { copy } from './run/values.js'
import type { SessionStore } from './store/types.js'
import { resolveAppId, resolveStore } from './multi/mode.js'
import { startSharedMode } from './multi/start.js'
import { socketHooks } from './wire/socket.js'
import { appRoutes } from './http/routes.js'
import { listen, type ListenOptions, type Listening } from './http/listen.js'
import { endSession, sweep } from './session/lifecycle.js'
import { DeadlineHeap } from './session/deadlines.js'
import { ClosedSessions } from './session/closed.js'
import { SessionRegistry } from './session/clients.js'
import { resolveStatic } from './http/static.js'
import { resolveHosts } from './http/hosts.js'
import { resolveOrigins } from './http/origins.js'
import { checkTrustProxy, type TrustProxy } from './http/proxy.js'
import { createSealer } from './browser/seal.js'
import { tooManyParameters } from './run/wiring.js'
import { GraphCache } from './run/graph-cache.js'
import { DEFAULT_SECRET_FILE, resolveSecrets } from './browser/secrets.js'

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

/** A g-kit app: the functions pages call, the states they keep, and the server that runs them. */
export interface App {
  /**
   * Declares a function that listeners can call: `f(...inputs, ctx)`. With `wiring`, the names it
   * takes and gives are declared on the server, and a page listener must list exactly those.
   */
  fn(name: string, f: AppFunction, wiring?: FnWiring): App
  /** Declares a session state on the server (its default wins over the page's). */
  state<T>(name: string, options: StateOptions<T>): App
  /**
   * Declares a global: one value shared by every session, which `<g-global-state name>` can use
   * as input and output. A listener that reads or writes it runs atomically with respect to every
   * other run on it; each change fires its `change` in every connected page.
   */
  global<T>(name: string, initial: T): GlobalHandle<T>
  /** Registers a handler run once when a session ends for good. */
  onUnload(f: UnloadHandler): App
  /** Registers a handler run when a page connects: a new session, or one resumed after a drop. */
  onOpen(f: ConnectionHandler): App
  /** Registers a handler run when a page's socket closes (the session is kept `closedTtl` for its return). */
  onClose(f: ConnectionHandler): App
  /** The app's h3 handler, to mount in an h3 app of your own: `h3.mount('/cart', app.handler)`. */
  readonly handler: H3
  /** Serves the app on its own port. */
  listen(options?: ListenOptions): Promise<Listening>
  /** Ends every session (running their callbacks), stops the servers `listen` started, and resolves when done. */
  close(): Promise<void>
}

/** The internals of each app, for the benchmarks and tests that measure them (not a public API). */
const cores = new WeakMap<App, AppCore>()

/** The internals of `app` (not a public API: for benchmarks and tests of the server itself). */
export function coreOf(app: App): AppCore {
  return cores.get(app)!
}

/** Makes an app. See the README for a tour. */
export function createApp(options: AppOptions = {}): App {
  const closedTtl = options.closedTtl ?? 3600
  const log = options.log ?? console
  const closed = new ClosedSessions(closedTtl * 1000)
  const { store, shared } = resolveStore(options.store, resolveAppId(options.id), checkLeaseTtl(options.leaseTtl) * 1000)
  // With a shared store and no secret given, every instance takes the one stored there (see `ready`).
  const storesSecret = shared !== undefined && options.secret === undefined && !process.env.G_SECRET
  const keepsSecretFile = !storesSecret && options.secret === undefined && !process.env.G_SECRET
  const core: AppCore = {
    fns: new Map(),
    wiring: new Map(),
    states: new Map(),
    unloads: [],
    opens: [],
    closes: [],
    globals: new Map(),
    graphs: new GraphCache(),
    store,
    sessions: new SessionRegistry(closed),
    closed,
    timers: new DeadlineHeap(),
    options: {
      static: resolveStatic(options.static, options.secretFile, keepsSecretFile, log),
      closedTtl,
      sweepInterval: options.sweepInterval ?? 60,
      maxSessions: options.maxSessions ?? 10_000,
      maxSessionsPerClient: options.maxSessionsPerClient ?? 64,
      origins: resolveOrigins(options.origins),
      hosts: resolveHosts(options.hosts),
      trustProxy: checkTrustProxy(options.trustProxy),
      maxFrame: options.maxFrame ?? 1 << 20,
      heartbeat: options.heartbeat ?? 30,
      maxBrowserState: options.maxBrowserState ?? 1 << 16,
      maxAge: checkMaxAge(options.maxAge),
      api: options.api ?? true,
      maxKeptResults: options.maxKeptResults ?? 1 << 18,
      maxQueuedEvents: options.maxQueuedEvents ?? 1000,
      maxQueuedBytes: options.maxQueuedBytes ?? 1 << 22,
      maxBuffered: options.maxBuffered ?? 1 << 22,
      maxAppSize: options.maxAppSize ?? 10_000,
    },
    log,
    closing: false,
    sealer() {
      const sealer = createSealer(resolveSecrets(options.secret, options.secretFile ?? DEFAULT_SECRET_FILE, core.log))
      core.sealer = () => sealer
      return sealer
    },
  }
  // A bad secret is reported now, not at the first page; a kept file is only made when first needed.
  if (options.secret !== undefined || process.env.G_SECRET) core.sealer()
  const stopWatching = shared ? startSharedMode(core, shared, storesSecret) : async () => {}
  const handler = appRoutes(core, socketHooks(core))
  const servers: Listening[] = []
  const sweeper = setInterval(() => void sweep(core), core.options.sweepInterval * 1000)
  sweeper.unref()

  const app: App = {
    fn(name, f, wiring) {
      checkName(name, 'fn')
      core.fns.set(name, f)
      if (wiring) core.wiring.set(name, checkWiring(name, wiring, f))
      else core.wiring.delete(name)
      declarationsChanged(core)
      return app
    },
    state(name, state) {
      checkName(name, 'state')
      if (core.globals.has(name)) throw new Error(`[g-kit] app.state: '${name}' is already a global`)
      core.states.set(name, state as StateOptions)
      declarationsChanged(core)
      return app
    },
    global(name, initial) {
      checkName(name, 'global')
      if (core.states.has(name)) throw new Error(`[g-kit] app.global: '${name}' is already a state`)
      core.globals.set(name, { value: copy(initial), tail: Promise.resolve() })
      declarationsChanged(core)
      return globalHandle(core, name)
    },
    onUnload(f) {
      core.unloads.push(f)
      return app
    },
    onOpen(f) {
      core.opens.push(f)
      return app
    },
    onClose(f) {
      core.closes.push(f)
      return app
    },
    handler,
    async listen(listenOptions) {
      const maxPayload = Math.max(4 * core.options.maxFrame, 1 << 20)
      const server = await listen(handler, { heartbeat: core.options.heartbeat, maxPayload, ...listenOptions })
      servers.push(server)
      return server
    },
    async close() {
      core.closing = true
      clearInterval(sweeper)
      await Promise.all([...core.sessions.values()].map((session) => endSession(core, session)))
      await Promise.all(servers.splice(0).map((server) => server.close()))
      await stopWatching()
      await core.shared?.leases.releaseAll()
      await core.shared?.settled()
      await core.store.close?.()
    },
  }
  cores.set(app, core)
  return app
}

/** Declaring a function, state or global changes what every compiled graph means, and what the APIs serve: they are made again when next needed. */
function declarationsChanged(core: AppCore): void {
  core.graphs.clear()
  core.api = undefined
}

function checkWiring(fn: string, wiring: FnWiring, f: AppFunction): Required<FnWiring> {
  const list = (names: unknown, field: string): string[] => {
    if (names === undefined) return []
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || !n)) {
      throw new Error(`[g-kit] app.fn('${fn}'): wiring.${field} must be a list of names`)
    }
    return [...names]
  }
  const checked = { inputs: list(wiring.inputs, 'inputs'), outputs: list(wiring.outputs, 'outputs') }
  // `length` counts the parameters before the first default or rest one: more than the inputs and ctx is a mistake.
  if (typeof f === 'function' && f.length > checked.inputs.length + 1) {
    throw new Error(`[g-kit] app.fn('${fn}'): ${tooManyParameters(f.length, checked.inputs)}`)
  }
  return checked
}

function checkLeaseTtl(leaseTtl: unknown): number {
  if (leaseTtl === undefined) return 10
  if (typeof leaseTtl === 'number' && leaseTtl >= 0.05) return leaseTtl
  throw new Error(`[g-kit] leaseTtl: ${JSON.stringify(leaseTtl)} is not a number of seconds (at least 0.05)`)
}

function checkMaxAge(maxAge: unknown): number | undefined {
  if (maxAge === undefined || (typeof maxAge === 'number' && maxAge > 0)) return maxAge
  throw new Error(`[g-kit] maxAge: ${JSON.stringify(maxAge)} is not a positive number of seconds`)
}

function checkName(name: unknown, what: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z_][\w-]*$/.test(name)) {
    throw new Error(`[g-kit] app.${what}: ${JSON.stringify(name)} is not a valid name (letters, digits, _ and -, not starting with a digit)`)
  }
}
