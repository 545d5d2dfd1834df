// Several instances of one app on one Redis, behind a round-robin TCP proxy written here: what a
// deployment without sticky sessions looks like, with instances that can be killed for real.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net'
import { WAIT_MS } from './_ws.js'

/** One instance: a child process serving the app of `_instance.ts`. */
export interface Instance {
  port: number
  url: string
  child: ChildProcess
  /** The lines it printed, in order. */
  lines: string[]
  /** Resolves with the first line printed from now (or already) that `predicate` accepts. */
  line(predicate: (line: string) => boolean, what: string): Promise<string>
  /** Kills it with `signal` and resolves once it exited. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

const INSTANCE = new URL('./_instance.ts', import.meta.url).pathname

/** Starts an instance on the Redis at `redisUrl`; resolves once it serves. */
export async function startInstance(redisUrl: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', INSTANCE], {
    env: { ...process.env, ...env, G_REDIS_URL: redisUrl, G_SECRET: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  const waiters = new Set<() => void>()
  let rest = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n')
    rest = parts.pop()!
    lines.push(...parts)
    for (const waiter of waiters) waiter()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => {
    for (const waiter of waiters) waiter()
  })
  const line = (predicate: (line: string) => boolean, what: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(predicate)
        if (found !== undefined) return done(() => resolve(found))
        if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`the instance exited while waiting for ${what}`)))
      }
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${3 * WAIT_MS} ms waiting for ${what}; printed:\n${lines.join('\n')}`))), 3 * WAIT_MS)
      const done = (f: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        f()
      }
      waiters.add(check)
      check()
    })
  const listening = await line((l) => l.startsWith('listening '), 'the instance to listen')
  const url = listening.slice('listening '.length)
  return {
    port: Number(new URL(url).port),
    url,
    child,
    lines,
    line,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

/** A TCP proxy that hands each new connection to the next of its targets in turn. */
export interface RoundRobin {
  url: string
  /** The ports connections go to, in turn (change it to take an instance out or put one in). */
  targets: number[]
  /** The port the next connection goes to. */
  readonly next: number
  /** Cuts every connection through the proxy now (as a network failure would). */
  cut(): void
  close(): Promise<void>
}

export async function roundRobin(targets: number[]): Promise<RoundRobin> {
  const pairs = new Set<Socket>()
  let turn = 0
  const server: Server = createServer((inbound) => {
    const port = proxy.targets[turn++ % proxy.targets.length]!
    const outbound = connectTcp(port, '127.0.0.1')
    pairs.add(inbound).add(outbound)
    const drop = () => {
      inbound.destroy()
      outbound.destroy()
      pairs.delete(inbound)
      pairs.delete(outbound)
    }
    inbound.on('error', drop).on('close', drop)
    outbound.on('error', drop).on('close', drop)
    inbound.pipe(outbound).pipe(inbound)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const proxy: RoundRobin = {
    url: `http://127.0.0.1:${port}/`,
    targets,
    get next() {
      return proxy.targets[turn % proxy.targets.length]!
    },
    cut() {
      for (const socket of pairs) socket.destroy()
      pairs.clear()
    },
    close() {
      proxy.cut()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
  return proxy
}
