// `npm run soak [-- --seconds N]`: sessions open, send events and close for N seconds (60 by
// default) against an app whose closed sessions expire within seconds, printing events per second
// and the server's memory (after a forced gc) as it goes; then every session expires through the
// sweeper and the server's memory must return to its baseline. The warm-up and the two drains add
// about 15 s. All traffic is on 127.0.0.1.
import { parseArgs } from 'node:util'
import { BenchSocket } from './_client.js'
import { forkServer, type ServerMemory, type ServerProcess, type SoakOptions } from './_server.js'
import { sleep } from './_stats.js'
import { CLIENT_CPU, pinTo } from './_cpu.js'

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } })
const SECONDS = Number(args.seconds)
if (!(SECONDS > 0)) throw new Error(`--seconds takes a positive number, not ${args.seconds}`)

const EXPIRY: SoakOptions = { closedTtl: 2, sweepInterval: 1 }
const CONCURRENT_SESSIONS = 100
/** Each session sends between this many events and twice as many, so that sessions end at different times. */
const EVENTS_PER_SESSION = 40
const WARMUP_SECONDS = 5
const REPORT_EVERY_MS = 5000
/** How far above its baseline the heap may end and still count as returned (allocator slack, not growth). */
const TOLERANCE_BYTES = 1 << 20

const MB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`
const live = (m: ServerMemory) => m.sessions.opened - m.sessions.ended
const describe = (m: ServerMemory) => `heap ${MB(m.heapUsed)}, rss ${MB(m.rss)}, ${live(m)} sessions on the server`

pinTo(CLIENT_CPU)
const server = await forkServer('soak', { soak: EXPIRY })
try {
  console.log(`soak: ${CONCURRENT_SESSIONS} concurrent sessions for ${SECONDS} s; closed sessions expire after ${EXPIRY.closedTtl} s, swept every ${EXPIRY.sweepInterval} s`)
  // The baseline is taken after the same traffic has run once and expired, so that it holds the
  // code and pools that any running server holds.
  await traffic(server, WARMUP_SECONDS, false)
  await drain(server, false)
  const baseline = await server.memory()
  console.log(`baseline (after warm-up, every session expired): ${describe(baseline)}`)

  await traffic(server, SECONDS, true)
  console.log(`traffic stopped; every socket closed: ${describe(await server.memory())} (before their sweep)`)
  const after = await drain(server, true)
  const growth = after.heapUsed - baseline.heapUsed
  const returned = growth <= TOLERANCE_BYTES
  console.log(`after the sweep: ${describe(after)}`)
  console.log(`heap against baseline: ${growth >= 0 ? '+' : ''}${MB(growth)} (${after.sessions.ended} sessions opened and expired in all): ${returned ? 'returned to baseline' : 'DID NOT return to baseline'}`)
  if (!returned) process.exitCode = 1
} finally {
  await server.stop()
}

/** Runs the sessions for `seconds`; each closes after its events and a new one takes its place. */
async function traffic(server: ServerProcess, seconds: number, report: boolean): Promise<void> {
  const start = performance.now()
  const end = start + seconds * 1000
  let events = 0
  let sessions = 0
  const worker = async () => {
    while (performance.now() < end) {
      const socket = await BenchSocket.open(server.url, 'app')
      sessions++
      const count = EVENTS_PER_SESSION * (1 + Math.random())
      for (let i = 0; i < count && performance.now() < end; i++) {
        await socket.roundTrip()
        events++
      }
      await socket.close()
    }
  }
  let reported = { at: start, events: 0 }
  const reporter = async () => {
    while (performance.now() + REPORT_EVERY_MS < end) {
      await sleep(REPORT_EVERY_MS)
      const now = performance.now()
      const rate = ((events - reported.events) / (now - reported.at)) * 1000
      reported = { at: now, events }
      const memory = await server.memory()
      console.log(`${((now - start) / 1000).toFixed(0).padStart(4)} s  ${Math.round(rate).toLocaleString('en-US').padStart(7)} events/s  ${sessions} sessions opened so far  ${describe(memory)}`)
    }
  }
  await Promise.all([...Array.from({ length: CONCURRENT_SESSIONS }, worker), ...(report ? [reporter()] : [])])
  if (report) console.log(`${events.toLocaleString('en-US')} events in ${sessions} sessions, ${Math.round((events / (performance.now() - start)) * 1000).toLocaleString('en-US')} events/s on average`)
}

/** Waits until the sweeper has ended every session, printing the memory as the count falls. */
async function drain(server: ServerProcess, report: boolean): Promise<ServerMemory> {
  const deadline = performance.now() + (EXPIRY.closedTtl + 3 * EXPIRY.sweepInterval + 10) * 1000
  let last = -1
  for (;;) {
    const memory = await server.memory()
    if (report && live(memory) !== last) console.log(`  sweeping: ${describe(memory)}`)
    last = live(memory)
    if (!last) return memory
    if (performance.now() > deadline) throw new Error(`${last} sessions were still on the server ${EXPIRY.closedTtl} s after they closed`)
    await sleep(250)
  }
}
