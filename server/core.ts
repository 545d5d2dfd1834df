import type { DeadlineHeap } from './session/deadlines.js'
import type { ClosedSessions } from './session/closed.js'
import type { SessionRegistry } from './session/clients.js'
import type { StaticFolder } from './http/static.js'
import type { HostRule } from './http/hosts.js'
import type { TrustProxy } from './http/proxy.js'
import type { StateTimer } from './session/lifecycle.js'
import type { Sealer } from './browser/seal.js'
import type { GlobalCell } from './shared/globals.js'
import type { GraphCache } from './run/graph-cache.js'
import type { ApiDeclarations } from './api/functions.js'
import type { SessionStore } from './store/memory.js'
import type { FnContext } from './run/context.js'
import type { SharedMode } from './multi/mode.js'

/**
 * A function the page can call: `f(...inputs, ctx)`, the inputs in the order the listener lists
 * them, the last argument a {@link FnContext}. It returns (or resolves to) the outputs, or is a
 * generator whose every `yield` updates them. The inputs are whatever the page's listener names,
 * so they are not typed here: annotate them in your function.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppFunction = (...args: any[]) => unknown

/** How a session state is declared on the server with `app.state()`. */
export interface StateOptions<T = unknown> {
  /** The default, deep-copied for each session; or a factory called once per session, with the session's id. */
  value?: T | ((session: { id: string }) => T)
  /** Seconds after its last write at which the state resets to its default. */
  ttl?: number
  /** Called with the old value when the state is deleted (session end, or `ttl`). */
  onDelete?: (value: T) => unknown
  /** A private state cannot be named by any page: only `ctx.session` reaches it. It never leaves this process. */
  private?: boolean
}

/**
 * A function's declared wiring (`app.fn(name, f, { inputs, outputs })`): the names of the states,
 * globals, browser states and elements it takes and gives, in order, as Gradio's
 * `btn.click(fn, inputs, outputs)` declares them. A page listener that calls the function must list
 * exactly these; the HTTP API, `connect()` and the Gradio-compatible API read it to know which
 * parameters are states (kept in the session) and which the caller sends.
 */
export interface FnWiring {
  /** Names of what `f` takes, in the order of its parameters. @default [] */
  inputs?: string[]
  /** Names of what `f` gives, in the order of its results. @default [] */
  outputs?: string[]
}

/** Runs once when a session ends for good. */
export type UnloadHandler = (ctx: { session: { id: string } }) => unknown

/** Runs when a page connects (a new session, or one resumed) or its socket closes. */
export type ConnectionHandler = UnloadHandler

/** The options every part of the server reads, with defaults filled in. */
export interface ResolvedOptions {
  /** The `static` folder, resolved against the working directory at `createApp`. */
  static?: StaticFolder
  closedTtl: number
  sweepInterval: number
  maxSessions: number
  /** Sessions, open and closed, one client address (an IPv6 /64) may hold. */
  maxSessionsPerClient: number
  /** Normalized (`https://blog.example.com`), or `'*'`. */
  origins: string[]
  /** The `Host` names the app answers to; undefined: any, or loopback names on a loopback address. */
  hosts?: HostRule[]
  /** Whether a proxy's headers say who the client is and which scheme it used. */
  trustProxy: TrustProxy
  maxFrame: number
  heartbeat: number
  /** Largest browser state value, in characters of JSON. */
  maxBrowserState: number
  /** Seconds a sealed browser state token is taken after it was sealed; none: no limit. */
  maxAge?: number
  /** Whether the HTTP API and the Gradio-compatible API are served. */
  api: boolean
  /** Bytes of results a session keeps for a page that sends an event again (see `AppOptions.maxKeptResults`). */
  maxKeptResults: number
  /** Events that may wait in one session's queue. */
  maxQueuedEvents: number
  /** Bytes of the frames of the events waiting in one session's queue. */
  maxQueuedBytes: number
  /** Bytes queued for a socket beyond which its reader is taken for one that does not read, and closed. */
  maxBuffered: number
  /** Names in one page's app, in total. */
  maxAppSize: number
}

/** What an app is made of, shared by its sessions, sockets and routes. */
export interface AppCore {
  fns: Map<string, AppFunction>
  /** The declared wiring of the functions that have one, by function name (always with both lists). */
  wiring: Map<string, Required<FnWiring>>
  states: Map<string, StateOptions>
  unloads: UnloadHandler[]
  opens: ConnectionHandler[]
  closes: ConnectionHandler[]
  globals: Map<string, GlobalCell>
  /** Compiled page graphs, by the page's declarations (see `pageGraph`). */
  graphs: GraphCache
  /** What the HTTP API and the Gradio-compatible API serve, made when first needed (see `apiFunctions`). */
  api?: ApiDeclarations
  store: SessionStore
  /** Every session, open or closed, by id; indexed by client for fair eviction. */
  sessions: SessionRegistry
  /** Closed sessions, in the order they closed: the order they expire in. */
  closed: ClosedSessions
  /** When states with a `ttl` fall due: one entry per session and state, moved on when written since. */
  timers: DeadlineHeap<StateTimer>
  options: ResolvedOptions
  log: Pick<Console, 'warn' | 'error'>
  /** Set by `app.close()`: no new session starts. */
  closing: boolean
  /** Set when sessions live in a store several instances share (Redis). */
  shared?: SharedMode
  /** Seals browser state; made on first use (which may make the secret file). */
  sealer(): Sealer
}

export type { FnContext }
