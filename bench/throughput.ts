// (b) Throughput: 100 sockets, each ping-pong (its next event leaves when its last reply is
// complete), against the bare echo with the same 100 ping-pong sockets and frames.
import { BenchSocket, type Target } from './_client.js'
import { forkServer, type ServerProcess } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { CLIENT_CPU, pinTo, placement } from './_cpu.js'

const CONNECTIONS = 100
const WARMUP_MS = 500
const WINDOW_MS = 2000
/** Windows per side, alternating echo and app. */
const ROUNDS = 2

export async function throughput(): Promise<Figure[]> {
  const unpin = pinTo(CLIENT_CPU)
  const [appServer, echoServer] = await Promise.all([forkServer('app'), forkServer('echo')])
  try {
    const totals = { app: { trips: 0, ms: 0 }, echo: { trips: 0, ms: 0 } }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [target, server] of [['echo', echoServer], ['app', appServer]] as const) {
        const { trips, ms } = await measure(server, target)
        totals[target].trips += trips
        totals[target].ms += ms
      }
    }
    const rate = (t: { trips: number; ms: number }) => (t.trips / t.ms) * 1000
    return [
      ratioFigure(
        {
          key: 'throughput',
          name: `(b) throughput, ${CONNECTIONS} sessions`,
          unit: 'msg/s',
          value: rate(totals.app),
          baseline: { name: 'crossws echo', value: rate(totals.echo) },
          note: `${CONNECTIONS} sockets, ping-pong each (one event in flight per socket); msg/s counts completed round trips; ${ROUNDS} windows of ${WINDOW_MS} ms per side after ${WARMUP_MS} ms of warm-up; ${placement(!!unpin && appServer.pinned && echoServer.pinned)}`,
        },
        { minRatio: 0.7 },
      ),
    ]
  } finally {
    await Promise.all([appServer.stop(), echoServer.stop()])
    unpin?.()
  }
}

/** Round trips completed by {@link CONNECTIONS} ping-pong sockets in one window, and the window's length. */
async function measure(server: ServerProcess, target: Target): Promise<{ trips: number; ms: number }> {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => BenchSocket.open(server.url, target)))
  await Promise.all(sockets.map((socket) => pingPong(socket, performance.now() + WARMUP_MS)))
  const start = performance.now()
  const counts = await Promise.all(sockets.map((socket) => pingPong(socket, start + WINDOW_MS)))
  const ms = performance.now() - start
  await Promise.all(sockets.map((socket) => socket.close()))
  return { trips: counts.reduce((a, b) => a + b, 0), ms }
}

async function pingPong(socket: BenchSocket, until: number): Promise<number> {
  let trips = 0
  while (performance.now() < until) {
    await socket.roundTrip()
    trips++
  }
  return trips
}
