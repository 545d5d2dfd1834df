// A redis-server of the test's own, on a free port, with no persistence and a directory of its own:
// no global Redis service is needed, and none is touched.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running redis-server: its URL, and how to stop it. */
export interface RedisServer {
  url: string
  port: number
  /** The redis-server process's id (the bench pins it to a CPU). */
  pid: number
  stop(): Promise<void>
}

/** How long redis-server may take to start and answer PING before the helper gives up. */
const START_BOUND_MS = 10_000

/**
 * Starts `redis-server` on a free port and resolves once it answers PING. Fails with a clear
 * message when redis-server is not installed (`.ci/run` installs Debian's).
 */
export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'g-kit-redis-'))
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await ready(child)
    await ping(port)
  } catch (error) {
    await stop()
    throw error
  }
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, stop }
}

// --- internal ---

/** A port free now (the kernel's pick): redis-server takes it at once, so no other test will have. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Resolves when redis-server says it accepts connections; rejects if it is missing, exits, or takes too long. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within ${START_BOUND_MS} ms:\n${output}`)), START_BOUND_MS)
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(error)
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new Error('redis-server is not installed: the store tests start their own. Install it (Debian: apt-get install redis-server; .ci/run does)')
          : error,
      )
    })
    child.once('exit', (code) => fail(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`)))
    let started = false
    const hear = (chunk: Buffer) => {
      if (started) return // read on and dropped, so that its log never fills the pipe
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        started = true
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', hear)
    child.stderr!.on('data', hear)
  })
}

/** Sends PING and resolves on +PONG. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.setTimeout(START_BOUND_MS, () => socket.destroy(new Error('redis-server did not answer PING')))
    socket.once('error', reject)
    socket.once('data', (data) => {
      socket.end()
      if (data.toString().startsWith('+PONG')) resolve()
      else reject(new Error(`redis-server answered PING with ${JSON.stringify(data.toString())}`))
    })
  })
}
