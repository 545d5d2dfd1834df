// (r) The Redis store beside the memory store: event round trip; throughput of 100 sessions on one
// instance, and spread over two (on each store), with the CPU time of every process (client,
// instances, redis-server) per event; memory per idle session on an instance. Redis runs on this machine.
import { Redis } from 'ioredis'
import { BenchSocket, timeRoundTrips } from './_client.js'
import { forkServer, type ServerProcess } from './_server.js'
import { CLIENT_CPU, SERVER_CPU, pinProcess, pinTo } from './_cpu.js'
import { ratioFigure, type Figure } from './_report.js'
import { summarize } from './_stats.js'
import { startRedis } from '../test/_redis.js'

const WARMUP = 500
const SAMPLES = 5000
const BLOCKS = 4
const CONNECTIONS = 100
const WARMUP_MS = 500
const WINDOW_MS = 3000
const IDLE_SESSIONS = 2000
const LIMIT_BYTES = 1024
/** Figure (c) for 100k sessions (bench/results.json), the memory store's session beyond its values. */
const MEMORY_STORE_SESSION = 754

export async function redisFigures(): Promise<Figure[]> {
  const redis = await startRedis()
  const info = new Redis(redis.url)
  const servers: ServerProcess[] = []
  const fork = async (store?: string) => {
    const server = await forkServer('app', store ? { store } : {})
    servers.push(server)
    return server
  }
  try {
    const [memory, memorySecond, onRedis, second] = await Promise.all([fork(), fork(), fork(redis.url), fork(redis.url)])
    // Where redis-server runs moves the round trip a lot on this VM (a wake-up on the other CPU
    // costs about 40 µs each way): both placements are measured, the target held to the one that
    // gives the instance and its store the server's CPU, as the memory store's instance has it.
    const pinned = pinProcess(redis.pid, CLIENT_CPU)
    const rttApart = await roundTrips(memory, onRedis)
    pinProcess(redis.pid, SERVER_CPU)
    const rtt = await roundTrips(memory, onRedis)
    // The second instance runs as many events first, so that its CPU in the window is per-event work, as the others', not its code's first compilation.
    await warmUp(second)
    await warmUp(memorySecond)
    const redisCpu = async () => {
      const text = await info.info('cpu')
      const seconds = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(text)?.[1] ?? 0)
      return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6
    }
    const one = await throughput([memory], async () => 0)
    const oneRedis = await throughput([onRedis], redisCpu)
    const twoRedis = await throughput([onRedis, second], redisCpu)
    const two = await throughput([memory, memorySecond], async () => 0)
    const idle = { memory: await idleBytes(memory), redis: await idleBytes(onRedis) }
    const beyond = idle.redis - idle.memory
    const perEvent = (t: Measured) => t.cpu / t.trips
    const split = (t: Measured) => `client ${(t.parts.client / t.trips).toFixed(0)} µs, instances ${(t.parts.instances / t.trips).toFixed(0)} µs, redis-server ${(t.parts.redis / t.trips).toFixed(0)} µs`
    const memoryBase = { name: 'memory store', value: perEvent(one) }
    const memoryTwoBase = { name: 'memory store, 2 instances', value: perEvent(two) }
    return [
      ratioFigure(
        {
          key: 'redis.rtt.median',
          name: '(r) event round trip on Redis, median',
          unit: 'µs',
          value: rtt.redis.median,
          baseline: { name: 'memory store', value: rtt.memory.median },
          note: `${SAMPLES} sequential round trips per store, in alternating blocks of ${SAMPLES / BLOCKS}, after ${WARMUP} warm-up ones, one socket each; the client on CPU ${CLIENT_CPU}, the instances ${pinned ? `and redis-server on CPU ${SERVER_CPU} (the server's side, as the memory store's instance alone)` : 'and redis-server where the scheduler put them'}; the counter event (read and write a session state): on Redis it commits once (one fenced script, which also renews the session's lease: the instance keeps the lease and the states between events)`,
        },
        { maxRatio: 2 },
      ),
      ratioFigure({ key: 'redis.rtt.p99', name: '(r) event round trip on Redis, p99', unit: 'µs', value: rtt.redis.p99, baseline: { name: 'memory store', value: rtt.memory.p99 } }),
      ratioFigure({
        key: 'redis.rtt.apart',
        name: '(r) event round trip on Redis, median, redis-server on the client’s CPU',
        unit: 'µs',
        value: rttApart.redis.median,
        baseline: { name: 'memory store', value: rttApart.memory.median },
        note: `the same round trips with redis-server on CPU ${CLIENT_CPU}, away from the instance: each commit then wakes the other CPU and back, which on this VM costs about 40 µs each way (a Redis PING from Node: about 35 µs on the same CPU, 75 µs across)`,
      }),
      ratioFigure({
        key: 'redis.throughput.1',
        name: `(r) throughput on Redis, ${CONNECTIONS} sessions, 1 instance`,
        unit: 'msg/s',
        value: oneRedis.rate,
        baseline: { name: 'memory store', value: one.rate },
        note: `${CONNECTIONS} ping-pong sockets, ${WINDOW_MS} ms after ${WARMUP_MS} ms of warm-up; every process shares this machine's ${'2'} CPUs, so the rate is bounded by the CPU of all of them: read CPU per event`,
      }),
      ratioFigure({ key: 'redis.throughput.2', name: `(r) throughput on Redis, ${CONNECTIONS} sessions, 2 instances`, unit: 'msg/s', value: twoRedis.rate, baseline: { name: 'memory store', value: one.rate } }),
      ratioFigure(
        {
          key: 'redis.cpu.1',
          name: '(r) CPU per event on Redis, 1 instance',
          unit: 'µs',
          value: perEvent(oneRedis),
          baseline: memoryBase,
          note: `CPU time (user + system) of every process over the window / events: on Redis ${split(oneRedis)}; on memory ${split(one)}`,
        },
        { maxRatio: 2 },
      ),
      ratioFigure(
        {
          key: 'redis.cpu.2',
          name: '(r) CPU per event on Redis, 2 instances',
          unit: 'µs',
          value: perEvent(twoRedis),
          baseline: memoryTwoBase,
          note: `like for like: the 100 sessions spread over two instances on each store, both instances pinned to CPU ${SERVER_CPU} (as every bench server), CPU of every process counted: on Redis ${split(twoRedis)}; on memory ${split(two)}. The next row compares the same Redis figure with one memory instance`,
        },
        { maxRatio: 2 },
      ),
      ratioFigure(
        { key: 'redis.cpu.2.memory1', name: '(r) CPU per event on Redis, 2 instances, vs 1 memory instance', unit: 'µs', value: perEvent(twoRedis), baseline: memoryBase, note: 'the comparison this figure made before the memory store was measured on two instances too (kept: it is the stricter one whenever two memory instances cost more per event than one)' },
        { maxRatio: 2 },
      ),
      {
        key: 'redis.memory',
        name: `(r) memory per idle session on a Redis instance, beyond the memory store's, ${IDLE_SESSIONS / 1000}k sessions`,
        unit: 'B',
        value: beyond,
        baseline: { name: 'memory store, socket included', value: idle.memory },
        target: `≤ ${LIMIT_BYTES - MEMORY_STORE_SESSION} B`,
        met: beyond <= LIMIT_BYTES - MEMORY_STORE_SESSION,
        note: `heapUsed delta / N after gc on each instance, every session open over a real socket (the socket's objects, crossws's, counted on both), having run one event and acknowledged it: ${idle.redis.toFixed(0)} B on Redis, ${idle.memory.toFixed(0)} B on memory. The target leaves room for the memory store's session beyond its values, ${MEMORY_STORE_SESSION} B at (c), so that a session on Redis stays ≤ ${LIMIT_BYTES} B (its values live in Redis)`,
      },
    ]
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
    await info.quit()
    await redis.stop()
  }
}

// --- internal ---

/**
 * Sequential round trips on one socket per store, in alternating blocks so that drift on the
 * machine hits both alike, with the client pinned as the socket figures pin it.
 */
async function roundTrips(memory: ServerProcess, onRedis: ServerProcess): Promise<{ memory: Summary; redis: Summary }> {
  const unpin = pinTo(CLIENT_CPU)
  const sockets = [await BenchSocket.open(memory.url, 'app'), await BenchSocket.open(onRedis.url, 'app')] as const
  try {
    for (const socket of sockets) for (let i = 0; i < WARMUP; i++) await socket.roundTrip()
    const samples = [new Float64Array(SAMPLES), new Float64Array(SAMPLES)] as const
    const block = SAMPLES / BLOCKS
    for (let start = 0; start < SAMPLES; start += block) {
      for (const side of [0, 1] as const) await timeRoundTrips(sockets[side], samples[side], start, block)
    }
    return { memory: summarize(samples[0]), redis: summarize(samples[1]) }
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()))
    unpin?.()
  }
}

/** Warms an instance up with as many round trips as the timed ones. */
async function warmUp(server: ServerProcess): Promise<void> {
  const socket = await BenchSocket.open(server.url, 'app')
  for (let i = 0; i < WARMUP + SAMPLES; i++) await socket.roundTrip()
  await socket.close()
}

type Summary = ReturnType<typeof summarize>

interface Measured {
  trips: number
  rate: number
  cpu: number
  parts: { client: number; instances: number; redis: number }
}

/** {@link CONNECTIONS} ping-pong sockets spread over `servers` in turn, and the CPU every process used meanwhile. */
async function throughput(servers: ServerProcess[], redisCpu: () => Promise<number>): Promise<Measured> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => BenchSocket.open(servers[i % servers.length]!.url, 'app')))
  await Promise.all(sockets.map((socket) => pingPong(socket, performance.now() + WARMUP_MS)))
  const cpu = async () => ({ client: cpuNow(), instances: (await Promise.all(servers.map((s) => s.cpu()))).reduce((a, b) => a + b, 0), redis: await redisCpu() })
  const before = await cpu()
  const start = performance.now()
  const counts = await Promise.all(sockets.map((socket) => pingPong(socket, start + WINDOW_MS)))
  const ms = performance.now() - start
  const after = await cpu()
  await Promise.all(sockets.map((socket) => socket.close()))
  const trips = counts.reduce((a, b) => a + b, 0)
  const parts = { client: after.client - before.client, instances: after.instances - before.instances, redis: after.redis - before.redis }
  return { trips, rate: (trips / ms) * 1000, cpu: parts.client + parts.instances + parts.redis, parts }
}

async function pingPong(socket: BenchSocket, until: number): Promise<number> {
  let trips = 0
  while (performance.now() < until) {
    await socket.roundTrip()
    trips++
  }
  return trips
}

function cpuNow(): number {
  const { user, system } = process.cpuUsage()
  return user + system
}

/** heapUsed per open idle session on `server`: each ran one event, and the page acknowledged it. */
async function idleBytes(server: ServerProcess): Promise<number> {
  const warm = await BenchSocket.open(server.url, 'app')
  await warm.roundTrip()
  const before = (await server.memory()).heapUsed
  const sockets: BenchSocket[] = []
  for (let i = 0; i < IDLE_SESSIONS; i++) {
    const socket = await BenchSocket.open(server.url, 'app')
    await socket.roundTrip()
    sockets.push(socket)
  }
  // The acknowledgement travels with the next event: one more each, so that every session has its first acknowledged.
  await Promise.all(sockets.map((socket) => socket.roundTrip()))
  const after = (await server.memory()).heapUsed
  await Promise.all([...sockets, warm].map((socket) => socket.close()))
  return (after - before) / IDLE_SESSIONS
}
