// (g) Linear work: an event on a page of 1000 chained listeners against one on a page of 10. Each
// listener follows the one before (`n1.then` → `n2` …) and is also on the click, so that all of
// them wait at once and each must run after the one before: the order the server computes once per
// compiled page, and the queue an event runs from, are what is measured. Judged over a socket, as
// a page sees its click (the constant: a round trip); in process, the engine alone, reported.
import type { AppGraph, ListenerSpec } from '../server/protocol.js'
import { benchCore, openBenchSession, runBenchEvent } from './_core.js'
import { BenchSocket } from './_client.js'
import { forkServer } from './_server.js'
import { ratioFigure, type Figure } from './_report.js'
import { median } from './_stats.js'
import { CLIENT_CPU, pinTo, placement } from './_cpu.js'

const SIZES = [10, 1000] as const
/** Events timed per page, in alternating blocks; the long chain takes fewer. */
const EVENTS = { 10: 4000, 1000: 200 }
const BLOCKS = 4

function chainPage(n: number): AppGraph {
  const listeners: ListenerSpec[] = Array.from({ length: n }, (_, i) => ({
    id: i,
    name: `n${i + 1}`,
    triggers: i === 0 ? ['inc.click'] : ['inc.click', `n${i}.then`],
    fn: 'pass',
    inputs: [],
    outputs: [],
  }))
  return { states: [], controls: ['inc'], listeners }
}

export async function chain(): Promise<Figure[]> {
  return [await overSocket(), await inProcess()]
}

/** Round trips of events on the two pages, through a server of its own (the bench app, which declares `pass`). */
async function overSocket(): Promise<Figure> {
  const unpin = pinTo(CLIENT_CPU)
  const server = await forkServer('app')
  try {
    const sockets = { 10: await BenchSocket.open(server.url, 'app', chainPage(10)), 1000: await BenchSocket.open(server.url, 'app', chainPage(1000)) }
    const samples: Record<number, number[]> = { 10: [], 1000: [] }
    for (const n of SIZES) for (let i = 0; i < 20; i++) await sockets[n].roundTrip()
    for (let block = 0; block < BLOCKS; block++) {
      for (const n of SIZES) {
        for (let i = 0; i < EVENTS[n] / BLOCKS; i++) {
          const t0 = performance.now()
          await sockets[n].roundTrip()
          samples[n]!.push((performance.now() - t0) * 1000)
        }
      }
    }
    await Promise.all(SIZES.map((n) => sockets[n].close()))
    return ratioFigure(
      {
        key: 'chain.1000',
        name: '(g) event on 1000 chained listeners',
        unit: 'µs',
        value: median(samples[1000]!),
        baseline: { name: '10 chained listeners', value: median(samples[10]!) },
        note: `round trip of an event, median of ${EVENTS[1000]} against ${EVENTS[10]}, in ${BLOCKS} alternating blocks; each listener follows the one before (n1.then → n2 …) and is on the click too, so that all wait at once; its function returns nothing; linear work is at most 100× (+ a constant, here the round trip); ${placement(!!unpin && server.pinned)}`,
      },
      { maxRatio: 100 },
    )
  } finally {
    await server.stop()
    unpin?.()
  }
}

/** The same events run in process (no socket): the engine alone. */
async function inProcess(): Promise<Figure> {
  const { app, core } = benchCore({ pass: () => undefined }, {}, { maxSessions: 10 })
  try {
    let frames = ''
    const sessions = { 10: openBenchSession(core, chainPage(10), (frame) => (frames = frame)), 1000: openBenchSession(core, chainPage(1000), (frame) => (frames = frame)) }
    const ids = { 10: 0, 1000: 0 }
    const samples: Record<number, number[]> = { 10: [], 1000: [] }
    // Warm up both (the first event of each also checks that every listener ran).
    for (const n of SIZES) {
      for (let i = 0; i < 20; i++) await runBenchEvent(sessions[n], ++ids[n], 'inc.click')
      const ends = (JSON.parse(frames) as Array<{ t: string }>).filter((m) => m.t === 'end').length
      if (ends !== n) throw new Error(`an event on ${n} listeners ran ${ends}`)
    }
    for (let block = 0; block < BLOCKS; block++) {
      for (const n of SIZES) {
        for (let i = 0; i < EVENTS[n] / BLOCKS; i++) {
          const t0 = performance.now()
          await runBenchEvent(sessions[n], ++ids[n], 'inc.click')
          samples[n]!.push((performance.now() - t0) * 1000)
        }
      }
    }
    return ratioFigure({
      key: 'chain.1000.engine',
      name: '(g) the same, in process (engine alone)',
      unit: 'µs',
      value: median(samples[1000]!),
      baseline: { name: '10 chained listeners', value: median(samples[10]!) },
      note: `median of ${EVENTS[1000]} events against ${EVENTS[10]}, in ${BLOCKS} alternating blocks, without a socket: reported, not judged (no round trip in the constant)`,
    })
  } finally {
    await app.close()
  }
}
