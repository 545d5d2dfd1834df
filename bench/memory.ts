// (c) Memory per idle session, in process: sessions opened through the server's own modules, each
// having run one event that wrote a small state, as a page that loaded, clicked once and went idle
// (its quiet-time ping acknowledged the event, so the session may forget its results).
import type { AppGraph } from '../server/protocol.js'
import { benchCore, openBenchSession, runBenchEvent } from './_core.js'
import type { Figure } from './_report.js'
import { collectGarbage } from './_stats.js'

const COUNTS = [10_000, 100_000]
const LIMIT_BYTES = 1024

/** The page: a list state, and a button whose listener appends to it. */
const PAGE: AppGraph = {
  states: [{ name: 'items', value: [1, 2] }],
  controls: ['add'],
  listeners: [{ id: 0, triggers: ['add.click'], fn: 'append', inputs: ['items'], outputs: ['items'] }],
}
const append = (items: number[]) => [...items, items.length + 1]
/** What each session's state holds after its one event. */
const STORED = append([1, 2])

export async function memoryPerSession(): Promise<Figure[]> {
  const figures: Figure[] = []
  // Measured over the most values, where the heap's page granularity matters least.
  const values = valueBytes(Math.max(...COUNTS))
  for (const count of COUNTS) {
    const total = await sessionBytes(count)
    const beyond = total - values
    figures.push({
      key: `memory.${count}`,
      name: `(c) memory per idle session beyond its values, ${count / 1000}k sessions`,
      unit: 'B',
      value: beyond,
      baseline: { name: 'the values', value: values },
      target: `≤ ${LIMIT_BYTES} B`,
      met: beyond <= LIMIT_BYTES,
      note: `heapUsed delta / N after gc: ${total.toFixed(0)} B per session, less its values (${values.toFixed(0)} B: as many structuredClone'd ${JSON.stringify(STORED)}, measured alone). Each session opened from its own decoded hello, ran one event that stored that value, and had it acknowledged. Counted: the Session, its share of the compiled graph (one per distinct page), its store record, ids, the socket hook's two closures. Not counted: the socket and its upgrade request (crossws's)`,
    })
  }
  return figures
}

/** heapUsed per session, from before the first session to after the last (both after gc). */
async function sessionBytes(count: number): Promise<number> {
  const { app, core } = benchCore({ append }, {}, { maxSessions: count + 1 })
  const openIdle = async (send?: (frame: string) => void) => {
    const session = openBenchSession(core, PAGE, send)
    await runBenchEvent(session, 1, 'add.click')
    session.acknowledge(1) // the page's ping after a quiet spell carries its last `done`
  }
  let sent = ''
  // The first session warms up code and caches (the app's compiled graph among them): it is not counted.
  await openIdle((frame) => (sent = frame))
  if (!sent.includes('"changed":["items"]')) throw new Error(`the event did not write its state: ${sent}`)
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < count; i++) await openIdle()
  collectGarbage()
  const after = process.memoryUsage().heapUsed
  if (core.sessions.size !== count + 1) throw new Error('sessions went missing')
  await app.close()
  return (after - before) / count
}

/** heapUsed per value of the same shape as the stored ones, made the same way (a structured clone). */
function valueBytes(count: number): number {
  const values: unknown[] = new Array(count).fill(null)
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < count; i++) values[i] = structuredClone(STORED)
  collectGarbage()
  const after = process.memoryUsage().heapUsed
  // Read after the reading, so that the values are alive at it.
  return (after - before) / values.length
}
