// `npm run bench`: every figure in order, a table of them, and bench/results.json.
// `node … bench/run.ts rtt memory` runs only the figures named.
import { eventRoundTrip } from './rtt.js'
import { throughput } from './throughput.js'
import { memoryPerSession } from './memory.js'
import { stateSize } from './state-size.js'
import { clickToDom } from './browser.js'
import { bundle } from './bundle.js'
import { chain } from './chain.js'
import { streaming } from './streaming.js'
import { renderToDom } from './render.js'
import { addToApp } from './app-add.js'
import { redisFigures } from './redis.js'
import { formatTable, writeResults, type Figure } from './_report.js'

const FIGURES: Record<string, () => Promise<Figure[]>> = {
  rtt: eventRoundTrip,
  throughput,
  memory: memoryPerSession,
  'state-size': stateSize,
  browser: clickToDom,
  bundle,
  chain,
  streaming,
  render: renderToDom,
  'app-add': addToApp,
  redis: redisFigures,
}

const chosen = process.argv.slice(2)
const unknown = chosen.filter((name) => !(name in FIGURES))
if (unknown.length) throw new Error(`unknown figure(s) ${unknown.join(', ')}: choose among ${Object.keys(FIGURES).join(', ')}`)

const started = performance.now()
const figures: Figure[] = []
for (const [name, run] of Object.entries(FIGURES)) {
  if (chosen.length && !chosen.includes(name)) continue
  const t0 = performance.now()
  process.stdout.write(`${name}… `)
  figures.push(...(await run()))
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`)
}
const seconds = (performance.now() - started) / 1000
console.log(`\n${formatTable(figures)}\n`)
if (!chosen.length) {
  writeResults(new URL('results.json', import.meta.url).pathname, figures, seconds)
  console.log(`bench/results.json written (${seconds.toFixed(0)} s)`)
}
