// The main-thread CPU of a page's load, from a Chromium trace: what the kit costs a page, where a
// shared machine makes the load event's time noisy.
import type { Browser, CDPSession } from 'playwright-core'

/** Thread time (ms) of the page's main thread until its load event, and the script, style and layout in it. */
export interface MainThreadCpu {
  total: number
  script: number
  style: number
  layout: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
}

const SCRIPT_EVENTS = new Set(['v8.evaluateModule', 'v8.callFunction', 'v8.callAsConstructor', 'FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'AsyncTask Run'])

/**
 * Loads `url` in a fresh context under a trace and sums the CPU (thread time, so that other
 * processes on the machine do not count) of the renderer's main-thread tasks up to `load`: what the
 * kit costs the page, where a shared machine makes loadEventEnd noisy.
 */
export async function mainThreadCpu(browser: Browser, url: string): Promise<MainThreadCpu> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    const events = await traced(cdp, () => page.goto(url, { waitUntil: 'load' }))
    const load = events.find((e) => e.name === 'MarkLoad')
    if (!load) throw new Error(`no load event in the trace of ${url}`)
    const main = events.filter((e) => e.pid === load.pid && e.tid === load.tid && e.ph === 'X' && e.ts <= load.ts).sort((a, b) => a.ts - b.ts)
    // Outermost events only: a task's or a script's nested events are inside its thread time.
    const outermost = (keep: (e: TraceEvent) => boolean): number => {
      let end = 0
      let sum = 0
      for (const e of main) {
        if (!keep(e) || e.ts < end) continue
        end = e.ts + (e.dur ?? 0)
        sum += (e.tdur ?? 0) / 1000
      }
      return sum
    }
    return {
      total: outermost((e) => e.name === 'ThreadControllerImpl::RunTask'),
      script: outermost((e) => SCRIPT_EVENTS.has(e.name)),
      style: outermost((e) => e.name === 'UpdateLayoutTree'),
      layout: outermost((e) => e.name === 'Layout'),
    }
  } finally {
    await context.close()
  }
}

async function traced(cdp: CDPSession, run: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])))
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8,blink', transferMode: 'ReportEvents' })
  await run()
  await cdp.send('Tracing.end')
  await complete
  return events
}
