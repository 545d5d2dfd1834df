import { SOCKET_PATH, type AppGraph, type ListenerSpec, type StateSpec } from '../../server/protocol.js'
import { AppClient } from './app-client.js'
import type { ConnectionStatus, SocketClass } from './connection.js'
import { wsUrl } from './url.js'
import { stepStream, type CallStream } from './step-stream.js'

export type { CallStream }

/** A state of the session, named: its value stays on the server; calls take it as an input or output. */
export class StateHandle<T = unknown> {
  /** @internal Made by {@link ClientSession.state}. */
  constructor(
    /** The state's name in the app. */
    readonly state: string,
    /** Its default, as this client declared it (a server-declared default wins). */
    readonly value: T,
  ) {}
}

/** An output of a call: a state handle (the result stays in the session), or `null` (the result is returned). */
export type CallOutput = StateHandle | null

/** Options of {@link connect}. */
export interface ConnectOptions {
  /**
   * The WebSocket class to use. By default the global one; in Node 20, which has none, the `ws`
   * package (install it), loaded when first needed.
   */
  WebSocket?: SocketClass
  /** Told whenever the connection's status changes (`reconnecting` with the reason, `open` again). */
  onStatus?(status: ConnectionStatus, detail?: string): void
  /**
   * Told when the session was gone (the server restarted, or it expired) and a new one started from
   * the defaults: the calls that were not done have been rejected.
   */
  onLost?(): void
}

/** Options of one call. */
export interface CallOptions {
  /** Aborting it cancels the call (and the other unfinished calls of the same function with the same wiring). */
  signal?: AbortSignal
}

/**
 * Opens a session on a g-kit server, with no element: SPA code and Node scripts call the app's
 * functions with it, as `<g-app>` does, with its reconnects and exactly-once events.
 *
 * @example
 * const s = await connect('https://host')
 * const cart = s.state('cart', [])
 * await s.call('add_items', [['Milk'], cart], [cart])
 * const [size] = await s.call('cart_size', [cart])
 */
export async function connect(server: string | URL, options: ConnectOptions = {}): Promise<ClientSession> {
  const WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as SocketClass | undefined) ?? (await nodeWebSocket())
  const base = new URL(server, (globalThis as { location?: { href: string } }).location?.href)
  const session = new ClientSession(wsUrl(base, SOCKET_PATH), WebSocket, options)
  await session.ready
  return session
}

/** One session opened by {@link connect}. */
export class ClientSession {
  /** Settles once the server has welcomed the session (rejects if it cannot be reached or refuses it). */
  readonly ready: Promise<void>
  #client: AppClient
  #states = new Map<string, StateSpec>()
  #calls = new Map<string, Call>()

  /** @internal Use {@link connect}. */
  constructor(url: string, WebSocket: SocketClass, options: ConnectOptions) {
    let welcomed = false
    let settle!: { resolve(): void; reject(error: Error): void }
    this.ready = new Promise((resolve, reject) => (settle = { resolve, reject }))
    this.#client = new AppClient(url, {
      app: () => this.#app(),
      status: (status, detail) => {
        options.onStatus?.(status, detail)
        if (welcomed || status === 'connecting' || status === 'open') return
        this.#client.close()
        settle.reject(new Error(`[g-kit] cannot connect to ${url}: ${detail || status}`))
      },
      welcome: () => {
        welcomed = true
        settle.resolve()
      },
      lost: () => options.onLost?.(),
      changed: () => {},
      // A call's own problem (an unknown function…) also fails each of its runs, naming it.
      problems: (problems) => problems.forEach((problem) => console.warn(`[g-kit] ${problem}`)),
      error: (message) => console.warn(`[g-kit] ${message}`),
    }, { WebSocket })
  }

  /** The session's id (opaque). */
  get id(): string {
    return this.#client.session!
  }

  /** A session state named `name`, declared with the default `value` if it is not yet. */
  state<T>(name: string, value?: T): StateHandle<T> {
    if (!this.#states.has(name)) {
      const spec: StateSpec = value === undefined ? { name } : { name, value }
      this.#states.set(name, spec)
      this.#client.add({ states: [spec], controls: [], listeners: [] })
    }
    return new StateHandle(name, this.#states.get(name)!.value as T)
  }

  /**
   * Calls the app's function `fn` with `inputs` (values, or state handles), and resolves with its
   * results, one per output: `null` outputs are returned, state outputs stay in the session
   * (`undefined` at their place). Rejects with the error the page would show (an `AbortError` when
   * cancelled).
   */
  call(fn: string, inputs: readonly unknown[] = [], outputs: readonly CallOutput[] = [null], options: CallOptions = {}): Promise<unknown[]> {
    return this.#run(fn, inputs, outputs, options)
  }

  /** Calls a streaming function (a generator): each step's results, as {@link call} gives the last. Leaving the loop early cancels it. */
  stream(fn: string, inputs: readonly unknown[] = [], outputs: readonly CallOutput[] = [null], options: CallOptions = {}): CallStream {
    const call = this.#call(fn, inputs, outputs)
    const { stream, sink } = stepStream(() => this.#client.cancel([call.listener.name!]))
    this.#run(fn, inputs, outputs, options, sink.step).then(
      () => sink.end(),
      // A cancelled stream just ends.
      (error: Error) => sink.end(error.name === 'AbortError' ? undefined : error),
    )
    return stream
  }

  /** Cancels every unfinished call of `fn` in this session. */
  cancel(fn: string): void {
    this.#client.cancel([...this.#calls.values()].filter((call) => call.listener.fn === fn).map((call) => call.listener.name!))
  }

  /** Ends the connection; the session stays on the server until its `closedTtl`. */
  close(): void {
    this.#client.close()
  }

  #run(fn: string, inputs: readonly unknown[], outputs: readonly CallOutput[], options: CallOptions, step?: (results: unknown[]) => void): Promise<unknown[]> {
    const call = this.#call(fn, inputs, outputs)
    const values: Record<string, unknown> = {}
    inputs.forEach((value, i) => call.inputs[i] !== undefined && (values[call.inputs[i]!] = value))
    const results: unknown[] = outputs.map(() => undefined)
    return new Promise((resolve, reject) => {
      let failure: Error | undefined
      this.#client.event(`${call.source}.call`, values, undefined, {
        update: (message) => {
          for (const [name, value] of Object.entries(message.values ?? {})) {
            const at = call.outputs.indexOf(name)
            if (at >= 0) results[at] = value
          }
          step?.([...results])
        },
        end: (message) => {
          if (message.l !== call.listener.id || message.ok) return
          failure = new Error(message.cancelled ? `'${fn}' was cancelled` : (message.error ?? `'${fn}' failed`))
          if (message.cancelled) failure.name = 'AbortError'
        },
        finish: ({ error, notDone }) => {
          if (notDone) reject(new Error(`'${fn}' was not done: the session on the server ended (it expired, or the server restarted), and a new one started from the defaults`))
          else if (error !== undefined || failure) reject(failure ?? new Error(error))
          else resolve(results)
        },
      })
      options.signal?.addEventListener('abort', () => this.#client.cancel([call.listener.name!]), { once: true })
    })
  }

  /** The listener that calls `fn` with inputs and outputs of these kinds, added to the app on first use. */
  #call(fn: string, inputs: readonly unknown[], outputs: readonly CallOutput[]): Call {
    const key = JSON.stringify([fn, inputs.map((input) => (isStateHandle(input) ? input.state : 0)), outputs.map((output) => output?.state ?? 0)])
    let call = this.#calls.get(key)
    if (call) return call
    const n = this.#calls.size
    const source = `~c${n}`
    const inputNames = inputs.map((input, i) => (isStateHandle(input) ? undefined : `${source}i${i}`))
    const outputNames = outputs.map((output, i) => (output ? undefined : `${source}o${i}`))
    const listener: ListenerSpec = {
      id: n,
      name: source,
      triggers: [`${source}.call`],
      fn,
      inputs: inputs.map((input, i) => inputNames[i] ?? (input as StateHandle).state),
      outputs: outputs.map((output, i) => outputNames[i] ?? output!.state),
    }
    const controls = [source, ...inputNames, ...outputNames].filter((name): name is string => name !== undefined)
    call = { source, listener, controls, inputs: inputNames, outputs: outputNames }
    this.#calls.set(key, call)
    this.#client.add({ states: [], controls, listeners: [listener] })
    return call
  }

  #app(): AppGraph {
    const calls = [...this.#calls.values()]
    return { states: [...this.#states.values()], controls: calls.flatMap((call) => call.controls), listeners: calls.map((call) => call.listener) }
  }
}

// --- internal ---

/** A call's wiring: one listener per function and kinds of inputs and outputs, made once. */
interface Call {
  source: string
  listener: ListenerSpec
  controls: string[]
  /** The control of each input that is a value (undefined for a state). */
  inputs: Array<string | undefined>
  /** The control of each output that is returned (undefined for a state). */
  outputs: Array<string | undefined>
}

function isStateHandle(value: unknown): value is StateHandle {
  return value instanceof StateHandle
}

/** Node 20 has no WebSocket: the `ws` package's, by a name no bundler follows (kit.js never needs it). */
async function nodeWebSocket(): Promise<SocketClass> {
  // A name known only when this runs, so that neither a minifier nor a bundler turns it into a dependency.
  const name = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ? 'ws' : ''
  try {
    return ((await import(/* @vite-ignore */ name)) as { WebSocket: SocketClass }).WebSocket
  } catch {
    throw new Error('[g-kit] connect() needs a WebSocket: this runtime has none, and the `ws` package is not installed (npm install ws)')
  }
}
