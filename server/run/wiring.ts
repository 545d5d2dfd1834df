import type { ListenerSpec } from '../protocol.js'
import type { AppCore, FnWiring } from '../core.js'
import type { NameKind } from './graph.js'
import { logMistake } from './mistakes.js'

/**
 * What keeps a page's listener from calling its function as it lists it, checked once per
 * compiled graph: a list that differs from the function's declared wiring, a browser state
 * reached by a function whose wiring does not name it, and a function that takes more parameters
 * than the listener passes (so that `ctx` would land in an input's place).
 */
export function functionProblem(
  l: ListenerSpec & { fn: string },
  kinds: ReadonlyMap<string, NameKind>,
  core: Pick<AppCore, 'fns' | 'wiring' | 'log'>,
): string | undefined {
  const wiring = core.wiring.get(l.fn)
  if (wiring) return wiringDifference(l.fn, wiring, l, (name) => kinds.get(name) === undefined || kinds.get(name) === 'control')
  const browser = [...l.inputs, ...l.outputs].find((name) => kinds.get(name) === 'browser')
  if (browser !== undefined) {
    const declared = `app.fn('${l.fn}', f, { inputs: ${names(l.inputs)}, outputs: ${names(l.outputs)} })`
    return `'${browser}' is a browser state, and '${l.fn}' has no declared wiring: a browser state reaches only a function ` +
      `whose wiring names it. If '${l.fn}' is meant to take and give these, declare it on the server: ${declared}`
  }
  const f = core.fns.get(l.fn)!
  if (f.length > l.inputs.length + 1) {
    const message = `'${l.fn}' ${tooManyParameters(f.length, l.inputs)}`
    logMistake(core, message)
    return message
  }
  return undefined
}

/** Says that a function takes `length` parameters where `inputs` and ctx are passed. */
export function tooManyParameters(length: number, inputs: readonly string[]): string {
  const passed = inputs.length ? `${inputs.length} input${inputs.length > 1 ? 's' : ''} (${inputs.join(', ')})` : 'no inputs'
  return `takes ${length} parameters, but is passed ${passed} and then ctx, which would arrive as parameter ${inputs.length + 1}: ` +
    `list ${length - 1} input${length > 2 ? 's' : ''} in order, give the extra parameters defaults, or take ctx as parameter ${inputs.length + 1}`
}

// --- internal ---

/**
 * The difference between a listener's lists and its function's declared wiring, if any. A value the
 * caller gives may come under a name of its own that no page can write (`~…`: how `connect()` passes
 * values): only where the wiring names something the caller gives anyway (not a state, a global or
 * a browser state, which must be named).
 */
function wiringDifference(fn: string, wiring: Required<FnWiring>, l: ListenerSpec, callerGives: (name: string) => boolean): string | undefined {
  const sides: Array<{ side: 'inputs' | 'outputs'; diff: string }> = []
  for (const side of ['inputs', 'outputs'] as const) {
    const want = wiring[side]
    const got = l[side]
    const matches = (name: string, i: number) => got[i] === name || (got[i]?.startsWith('~') === true && callerGives(name))
    if (want.length === got.length && want.every(matches)) continue
    const missing = want.filter((name) => !got.includes(name)).map((name) => `missing '${name}'`)
    const extra = got.filter((name) => !want.includes(name)).map((name) => `extra '${name}'`)
    const diff = [...missing, ...extra].join(', ') || (want.length === got.length ? `the same names in another order` : `a name listed more than once`)
    sides.push({ side, diff })
  }
  if (!sides.length) return undefined
  const lists = sides.map(({ side }) => listed(side, l[side])).join(' and ')
  const diffs = sides.length === 1 ? sides[0]!.diff : sides.map(({ side, diff }) => `${side}: ${diff}`).join('; ')
  return `'${fn}' is declared with ${listed('inputs', wiring.inputs)} and ${listed('outputs', wiring.outputs)}; this listener lists ${lists} — ${diffs}`
}

function listed(side: string, list: readonly string[]): string {
  return list.length ? `${side} (${list.join(', ')})` : `no ${side}`
}

function names(list: readonly string[]): string {
  return `[${list.map((name) => `'${name}'`).join(', ')}]`
}
