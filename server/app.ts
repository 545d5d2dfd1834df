import type { H3 } from 'h3'
import type { AppCore, AppFunction, ConnectionHandler, FnWiring, StateOptions, UnloadHandler } from './core.js'
import { globalHandle, type GlobalHandle } from './shared/globals.js'
import { copy } from './run/values.js'
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
import { checkTrustProxy } from './http/proxy.js'
import { createSealer } from './browser/seal.js'
import { tooManyParameters } from './run/wiring.js'
import { GraphCache } from './run/graph-cache.js'
import { DEFAULT_SECRET_FILE, resolveSecrets } from './browser/secrets.js'
import { checkLeaseTtl, checkMaxAge, type AppOptions } from './options.js'

export type { AppOptions }

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

function checkName(name: unknown, what: string): void {
  if (typeof name !== 'string' || !/^[A-Za-z_][\w-]*$/.test(name)) {
    throw new Error(`[g-kit] app.${what}: ${JSON.stringify(name)} is not a valid name (letters, digits, _ and -, not starting with a digit)`)
  }
}
