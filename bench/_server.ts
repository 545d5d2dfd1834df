// The servers of the socket figures, each in a child process of its own, so that client and
// server each have a core (as in production) and one's garbage is not the other's.
//
// Run as a script, it serves one kind and answers its parent over IPC; imported, it forks that script.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { H3 } from 'h3'
import { listen, type Listening } from 'g-kit/server'
import { benchApp } from './_app.js'
import { echoHandler } from './_echo.js'
import { pinTo, SERVER_CPU } from './_cpu.js'

/** `app`: the bench app; `echo`: the bare echo; `soak`: the bench app with short expiry, counting sessions. */
export type ServerKind = 'app' | 'echo' | 'soak'

export interface SoakOptions {
  closedTtl: number
  sweepInterval: number
}

/** The server's memory after a full garbage collection, and (for `soak`) its sessions so far. */
export interface ServerMemory {
  heapUsed: number
  rss: number
  external: number
  sessions: { opened: number; ended: number }
}

export interface ForkOptions {
  /** Expiry of closed sessions, for `soak`. */
  soak?: SoakOptions
  /**
   * Serves every response with COOP and COEP headers, so that pages are cross-origin isolated and
   * their `performance.now()` ticks in 5 µs steps instead of 100 µs.
   */
  isolated?: boolean
  /** The app's store: a `redis://` URL (the memory store when absent). */
  store?: string
}

export interface ServerProcess {
  url: string
  /** Whether the server runs pinned to its CPU (see _cpu.ts). */
  pinned: boolean
  memory(): Promise<ServerMemory>
  /** The CPU time the process has used so far (user + system), in µs. */
  cpu(): Promise<number>
  /** Stops the server (ending its sessions) and waits for the process to exit. */
  stop(): Promise<void>
}

type ToChild = { t: 'memory' } | { t: 'cpu' } | { t: 'stop' }
type ToParent = { t: 'ready'; url: string; pinned: boolean } | ({ t: 'memory' } & ServerMemory) | { t: 'cpu'; micros: number }

const SCRIPT = fileURLToPath(import.meta.url)

/**
 * Starts a server of `kind` on a free port of 127.0.0.1 in a child process. With `BENCH_PROFILE=1`
 * in the environment, the child writes CPU profiles (one per thread: the main thread's is the
 * largest) to .scratch/profiles/<kind>/ when it stops.
 */
export async function forkServer(kind: ServerKind, options: ForkOptions = {}): Promise<ServerProcess> {
  const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=.scratch/profiles/${kind}`] : []
  const child = fork(SCRIPT, [kind, JSON.stringify(options)], {
    // The library as users run it: the compiled build (dist/server), not the TypeScript source.
    execArgv: ['--expose-gc', '--import', 'tsx', ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = await reply(child, 'ready')
  return {
    url: ready.url,
    pinned: ready.pinned,
    async memory() {
      const answer = reply(child, 'memory')
      child.send({ t: 'memory' } satisfies ToChild)
      const { t: _, ...memory } = await answer
      return memory
    },
    async cpu() {
      const answer = reply(child, 'cpu')
      child.send({ t: 'cpu' } satisfies ToChild)
      return (await answer).micros
    },
    async stop() {
      child.send({ t: 'stop' } satisfies ToChild)
      await exited
    },
  }
}

function reply<T extends ToParent['t']>(child: ChildProcess, t: T): Promise<Extract<ToParent, { t: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ToParent) => {
      if (message.t !== t) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(message as Extract<ToParent, { t: T }>)
    }
    const onExit = (code: number | null) => reject(new Error(`the ${t === 'ready' ? 'server' : 'server process'} exited (code ${code}) before answering '${t}'`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/** The socket options an app's `listen` uses (its default maxFrame gives a 4 MiB maxPayload). */
const SOCKET_OPTIONS = { port: 0, maxPayload: 4 << 20 }

async function serve(kind: ServerKind, options: ForkOptions): Promise<void> {
  const pinned = pinTo(SERVER_CPU) !== undefined
  const sessions = { opened: 0, ended: 0 }
  let server: Listening
  let close = async () => {}
  if (kind === 'echo') {
    server = await listen(options.isolated ? isolated(echoHandler()) : echoHandler(), SOCKET_OPTIONS)
  } else {
    const app = benchApp({ ...options.soak, ...(options.store && { store: options.store as `redis://${string}`, id: 'bench' }) })
    if (kind === 'soak') app.onOpen(() => void sessions.opened++).onUnload(() => void sessions.ended++)
    server = options.isolated ? await listen(isolated(app.handler), SOCKET_OPTIONS) : await app.listen({ port: 0 })
    close = () => app.close()
  }
  process.on('message', async (message: ToChild) => {
    if (message.t === 'memory') {
      globalThis.gc?.()
      globalThis.gc?.()
      const { heapUsed, rss, external } = process.memoryUsage()
      process.send!({ t: 'memory', heapUsed, rss, external, sessions: { ...sessions } } satisfies ToParent)
    } else if (message.t === 'cpu') {
      const { user, system } = process.cpuUsage()
      process.send!({ t: 'cpu', micros: user + system } satisfies ToParent)
    } else if (message.t === 'stop') {
      await close()
      await server.close()
      process.exit(0)
    }
  })
  // An orphan (the bench was killed) stops too.
  process.on('disconnect', () => process.exit(0))
  process.send!({ t: 'ready', url: server.url, pinned } satisfies ToParent)
}

function isolated(handler: H3): H3 {
  return new H3()
    .use((event) => {
      event.res.headers.set('cross-origin-opener-policy', 'same-origin')
      event.res.headers.set('cross-origin-embedder-policy', 'require-corp')
    })
    .mount('', handler)
}

if (process.argv[1] === SCRIPT) {
  const [kind, options] = process.argv.slice(2)
  await serve(kind as ServerKind, JSON.parse(options ?? '{}'))
}
