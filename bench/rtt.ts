// (a) Event round trip: one socket, one event at a time, against the bare echo of the same frame.
import { BenchSocket, timeRoundTrips } from './_client.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { summarize } from './_stats.js'
import { CLIENT_CPU, pinTo, placement } from './_cpu.js'

const WARMUP = 2000
/** Round trips per side, taken in alternating blocks so that drift on the machine hits both alike. */
const SAMPLES = 20_000
const BLOCKS = 4

export async function eventRoundTrip(): Promise<Figure[]> {
  const unpin = pinTo(CLIENT_CPU)
  const [appServer, echoServer] = await Promise.all([forkServer('app'), forkServer('echo')])
  try {
    const app = await BenchSocket.open(appServer.url, 'app')
    const echo = await BenchSocket.open(echoServer.url, 'echo')
    for (let i = 0; i < WARMUP; i++) await app.roundTrip()
    for (let i = 0; i < WARMUP; i++) await echo.roundTrip()
    const appSamples = new Float64Array(SAMPLES)
    const echoSamples = new Float64Array(SAMPLES)
    const block = SAMPLES / BLOCKS
    for (let start = 0; start < SAMPLES; start += block) {
      await timeRoundTrips(echo, echoSamples, start, block)
      await timeRoundTrips(app, appSamples, start, block)
    }
    const frameBytes = app.lastFrameBytes
    await Promise.all([app.close(), echo.close()])
    const a = summarize(appSamples)
    const e = summarize(echoSamples)
    const baseline = (value: number) => ({ name: 'crossws echo', value })
    return [
      ratioFigure(
        {
          key: 'rtt.median',
          name: '(a) event round trip, median',
          unit: 'µs',
          value: a.median,
          baseline: baseline(e.median),
          note: `${SAMPLES} sequential round trips per side, in alternating blocks of ${block}, after ${WARMUP} warm-up ones; the same client and frames (an event as a page sends it, ${frameBytes} B) to both; the app's event reads and writes a number in a session state; ${placement(!!unpin && appServer.pinned && echoServer.pinned)}`,
        },
        { maxRatio: 1.2 },
      ),
      ratioFigure({ key: 'rtt.p99', name: '(a) event round trip, p99', unit: 'µs', value: a.p99, baseline: baseline(e.p99) }),
    ]
  } finally {
    await Promise.all([appServer.stop(), echoServer.stop()])
    unpin?.()
  }
}
