import type { AppGraph, ListenerSpec } from '../protocol.js'
import type { AppCore } from '../core.js'

/**
 * A function callable over the HTTP API and the Gradio-compatible API: one with declared wiring,
 * split into what the caller sends and gets (its inputs and outputs that are neither states nor
 * globals) and what its session keeps.
 */
export interface ApiFunction {
  name: string
  /** Its listener's id in the API graph (from 1: Gradio's client loses a dependency whose id is 0). */
  id: number
  /** The declared wiring, whole. */
  wiring: { inputs: string[]; outputs: string[] }
  /** What the caller sends, in order. */
  inputs: string[]
  /** What the caller gets, in order. */
  outputs: string[]
  /** Whether the function is a generator function (it streams; a function may also return a generator). */
  generator: boolean
}

/** A function to call, or why it cannot be. */
export type Lookup = { fn: ApiFunction } | { status: number; error: string }

/** Whether `name` is kept by the server: a state the page may name (not a private one) or a global. */
export function isKept(core: AppCore, name: string): boolean {
  const state = core.states.get(name)
  return (state !== undefined && !state.private) || core.globals.has(name)
}

/** The functions callable over the APIs, in the order they were declared. */
export function apiFunctions(core: AppCore): readonly ApiFunction[] {
  return apiDeclarations(core).functions
}

/**
 * The graph of every API session: one listener per callable function, named after it, on the
 * trigger `<name>.api`; its states are the app's, everything else a control. It is the same object
 * until the app's declarations change, so its compiled graph is found at once (see `GraphCache`).
 */
export function apiSpec(core: AppCore): AppGraph {
  return apiDeclarations(core).spec
}

/** What the APIs serve: made once per version of the app's declarations (declaring a function, state or global forgets it). */
export interface ApiDeclarations {
  functions: readonly ApiFunction[]
  spec: AppGraph
}

/** The function `name`, or a 4xx answer naming why it cannot be called over the APIs. */
export function findFunction(core: AppCore, name: string): Lookup {
  const fn = apiFunctions(core).find((f) => f.name === name)
  if (fn) return { fn }
  const shown = JSON.stringify(name.slice(0, 100))
  if (!core.fns.has(name)) {
    const known = apiFunctions(core).map((f) => `'${f.name}'`)
    return { status: 404, error: `unknown function ${shown}: the API has ${known.length ? known.join(', ') : 'no functions'}` }
  }
  const wiring = core.wiring.get(name)
  if (!wiring) {
    return { status: 404, error: `function '${name}' has no declared wiring, so it cannot be called over the API: declare it with app.fn('${name}', f, { inputs, outputs })` }
  }
  return { status: 403, error: refusal(core, wiring)! }
}

/** The trigger that runs `f` in an API session. */
export function apiTrigger(f: ApiFunction): string {
  return `${f.name}.api`
}

// --- internal ---

function apiDeclarations(core: AppCore): ApiDeclarations {
  if (!core.api) {
    const functions = callableFunctions(core)
    core.api = { functions, spec: apiGraphSpec(functions) }
  }
  return core.api
}

function callableFunctions(core: AppCore): ApiFunction[] {
  const found: ApiFunction[] = []
  let id = 0
  for (const [name, wiring] of core.wiring) {
    id++
    if (!core.fns.has(name) || refusal(core, wiring)) continue
    found.push({
      name,
      id,
      wiring,
      inputs: wiring.inputs.filter((n) => !isKept(core, n)),
      outputs: wiring.outputs.filter((n) => !isKept(core, n)),
      generator: /^(Async)?GeneratorFunction$/.test(core.fns.get(name)!.constructor?.name ?? ''),
    })
  }
  return found
}

function apiGraphSpec(functions: readonly ApiFunction[]): AppGraph {
  const controls = new Set<string>()
  const listeners: ListenerSpec[] = functions.map((f) => {
    for (const name of [...f.inputs, ...f.outputs]) controls.add(name)
    return { id: f.id, name: f.name, triggers: [apiTrigger(f)], fn: f.name, inputs: f.wiring.inputs, outputs: f.wiring.outputs }
  })
  return { states: [], controls: [...controls], listeners }
}

/**
 * Why a wired function cannot be called over the APIs, if it cannot. (A name the app's pages keep
 * in browser state is a parameter like any other here: there is no browser to keep a token, and
 * what pages declare must not change what the API serves.)
 */
function refusal(core: AppCore, wiring: { inputs: string[]; outputs: string[] }): string | undefined {
  for (const name of [...wiring.inputs, ...wiring.outputs]) {
    if (core.states.get(name)?.private) return `'${name}' is a private state: no caller can name it, only the server's functions (ctx.session)`
  }
  return undefined
}
