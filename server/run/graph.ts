import type { AppGraph, BrowserStateSpec, ListenerSpec } from '../protocol.js'
import type { AppCore } from '../core.js'
import { functionProblem } from './wiring.js'
import { isBuiltin } from './builtins.js'
import { controlShows, type ControlShows } from './mistakes.js'
import { rankListeners } from './order.js'
import type { GraphOrigin } from './graph-cache.js'

/** What a name refers to in one page's app. */
export type NameKind = 'state' | 'control' | 'browser' | 'global'

/** A page's declarations checked against the server's, ready for events. */
export interface Graph {
  /** The page's declarations this graph was compiled from (never changed: a change makes a new spec). */
  spec: AppGraph
  kinds: Map<string, NameKind>
  /** The page's `<g-state value>` defaults. */
  pageDefaults: Map<string, unknown>
  /** Seconds after its last write at which each state with a `ttl` resets (the server's declaration wins). */
  ttls: Map<string, number>
  /** The page's browser states. */
  browser: Map<string, BrowserStateSpec>
  /** What the controls whose kind the page declares can show (none: no control is checked). */
  shows?: Map<string, ControlShows>
  /** The globals whose changes the page hears: those it shows, and those its triggers name. */
  heard: Set<string>
  /** The names of the page's listeners (what `cancel` may name). */
  listenerNames: Set<string>
  byTrigger: Map<string, ListenerSpec[]>
  /** The first problem of each listener that cannot run, by listener id. */
  problems: Map<number, string>
  /** Every problem found, to show the page author at once. */
  messages: string[]
  /** The listeners of `name.change`, by name. */
  onChange: Map<string, ListenerSpec[]>
  /** The lists of listeners that follow `listener` when its run ended so: its `.then`, and `.success` or `.failure` (memoized). */
  after(listener: ListenerSpec, outcome: Outcome): ReadonlyArray<readonly ListenerSpec[]>
  /** The globals a listener reads or writes, whose locks its runs hold (memoized). */
  globalsOf(listener: ListenerSpec): readonly string[]
  /** The order listeners run in (see `rankListeners`): each listener's rank, and the listener of each rank. */
  rank: Map<ListenerSpec, number>
  byRank: ListenerSpec[]
}

/** How a listener's run ended. */
export type Outcome = 'success' | 'failure' | 'cancelled'

/** The compiled graph of a page, shared by every session whose page declares the same one (see `GraphCache`). */
export function pageGraph(spec: AppGraph, core: Pick<AppCore, 'fns' | 'wiring' | 'states' | 'globals' | 'graphs' | 'log'>, origin: GraphOrigin = 'hello'): Graph {
  return core.graphs.graphOf(spec, origin, () => compileGraph(spec, core))
}

/** Checks a page's graph against the app; every mistake becomes a message that names it. */
export function compileGraph(spec: AppGraph, core: Pick<AppCore, 'fns' | 'wiring' | 'states' | 'globals' | 'log'>): Graph {
  const afters = new Map<ListenerSpec, Record<Outcome, ListenerSpec[][]>>()
  const globals = new Map<ListenerSpec, string[]>()
  const graph: Graph = {
    spec,
    kinds: new Map(),
    pageDefaults: new Map(),
    ttls: new Map(),
    browser: new Map(),
    heard: new Set(),
    listenerNames: new Set(),
    byTrigger: new Map(),
    problems: new Map(),
    messages: [],
    onChange: new Map(),
    after(listener, outcome) {
      let next = afters.get(listener)
      if (!next) {
        const of = (event: string) => (listener.name ? (graph.byTrigger.get(`${listener.name}.${event}`) ?? []) : [])
        const lists = (...events: string[]) => events.map(of).filter((list) => list.length)
        afters.set(listener, (next = { success: lists('then', 'success'), failure: lists('then', 'failure'), cancelled: lists('then') }))
      }
      return next[outcome]
    },
    globalsOf(listener) {
      let names = globals.get(listener)
      if (!names) globals.set(listener, (names = [...listener.inputs, ...listener.outputs].filter((name) => graph.kinds.get(name) === 'global')))
      return names
    },
    rank: new Map(),
    byRank: [],
  }
  const said = new Set<string>()
  const problem = (message: string) => said.has(message) || (said.add(message), graph.messages.push(message))
  const privates = new Set([...core.states].filter(([, s]) => s.private).map(([name]) => name))

  for (const [name, state] of core.states) if (!state.private) graph.kinds.set(name, 'state')
  for (const name of core.globals.keys()) graph.kinds.set(name, 'global')
  for (const name of spec.globals ?? []) {
    if (core.globals.has(name)) graph.heard.add(name)
    else problem(`'${name}' is not a global of this server: declare it with app.global('${name}', initial)`)
  }
  for (const state of [...spec.states, ...(spec.browser ?? [])]) {
    if (core.globals.has(state.name)) problem(`'${state.name}' is a global on the server: show it with <g-global-state>`)
  }
  for (const state of spec.states) {
    if (core.globals.has(state.name)) continue
    if (privates.has(state.name)) problem(privateMessage(state.name))
    else if (graph.pageDefaults.has(state.name)) problem(`two elements are named '${state.name}'`)
    else {
      graph.kinds.set(state.name, 'state')
      graph.pageDefaults.set(state.name, state.value ?? null)
      if (state.ttl !== undefined) graph.ttls.set(state.name, state.ttl)
    }
  }
  for (const [name, state] of core.states) if (state.ttl !== undefined) graph.ttls.set(name, state.ttl)
  for (const state of spec.browser ?? []) {
    if (core.globals.has(state.name)) continue
    if (graph.kinds.has(state.name)) problem(`two elements are named '${state.name}'`)
    else {
      graph.kinds.set(state.name, 'browser')
      graph.browser.set(state.name, state)
    }
  }
  for (const name of spec.controls) {
    if (graph.kinds.has(name) && !core.states.has(name) && !core.globals.has(name)) problem(`two elements are named '${name}'`)
    else if (core.states.has(name) || core.globals.has(name)) problem(`'${name}' is a state on the server, but the page uses it for a control`)
    else graph.kinds.set(name, 'control')
  }
  graph.shows = controlShows(spec.kinds, graph.kinds)

  const listenerNames = new Set(spec.listeners.flatMap((l) => (l.name ? [l.name] : [])))
  graph.listenerNames = listenerNames
  const ids = new Set<number>()
  for (const listener of spec.listeners) {
    if (ids.has(listener.id)) throw new Error(`two listeners have the id ${listener.id}`)
    ids.add(listener.id)
    const found = listenerProblem(listener, graph, core, privates, listenerNames)
    if (found) {
      graph.problems.set(listener.id, found)
      problem(found)
    }
    for (const trigger of listener.triggers) {
      const source = trigger.slice(0, trigger.lastIndexOf('.'))
      if (core.globals.has(source)) graph.heard.add(source)
      const list = graph.byTrigger.get(trigger)
      if (list) list.push(listener)
      else graph.byTrigger.set(trigger, [listener])
    }
  }
  for (const [trigger, listeners] of graph.byTrigger) {
    if (trigger.endsWith('.change')) graph.onChange.set(trigger.slice(0, -'.change'.length), listeners)
  }
  graph.rank = rankListeners(spec.listeners, graph.byTrigger)
  graph.byRank = [...graph.rank.keys()]
  return graph
}

/** How messages name a listener: by its function, or by what triggers it. */
export function describeListener(l: ListenerSpec): string {
  return l.fn ? `'${l.fn}'` : `the listener on ${l.triggers.join(' ') || '(no trigger)'}`
}

// --- internal ---

function listenerProblem(
  l: ListenerSpec,
  graph: Graph,
  core: Pick<AppCore, 'fns' | 'wiring' | 'log'>,
  privates: Set<string>,
  listenerNames: Set<string>,
): string | undefined {
  const who = describeListener(l)
  if (!l.fn && !l.cancels?.length) return `${who} has no fn to run`
  if (l.fn && !core.fns.has(l.fn) && !isBuiltin(l.fn)) {
    const known = [...core.fns.keys()]
    return `unknown function '${l.fn}': the server has ${known.length ? known.map((n) => `'${n}'`).join(', ') : 'no functions'}`
  }
  for (const [list, role] of [[l.inputs, 'an input'], [l.outputs, 'an output']] as const) {
    for (const name of list) {
      if (privates.has(name)) return privateMessage(name)
      if (!graph.kinds.has(name)) return `'${name}' is not in the app (${role} of ${who})`
    }
  }
  const outputs = new Set<string>()
  const twice = l.outputs.find((name) => outputs.size === outputs.add(name).size)
  if (twice) return `'${twice}' is listed twice in the outputs of ${who}`
  for (const cancelled of l.cancels ?? []) {
    if (!listenerNames.has(cancelled)) return `${who} cancels '${cancelled}', which is not the name of a listener`
  }
  for (const trigger of l.triggers) {
    if (trigger === 'load') continue
    const dot = trigger.lastIndexOf('.')
    const source = trigger.slice(0, dot)
    if (dot <= 0 || dot === trigger.length - 1) return `trigger '${trigger}' of ${who} is not of the form name.event`
    if (!graph.kinds.has(source) && !listenerNames.has(source)) return `trigger '${trigger}' of ${who} names '${source}', which is not in the app`
  }
  return l.fn === undefined ? undefined : functionProblem(l as ListenerSpec & { fn: string }, graph.kinds, core)
}

function privateMessage(name: string): string {
  return `'${name}' is a private state: no page can name it, only the server's functions (ctx.session)`
}
