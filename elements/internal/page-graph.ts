import { listenersReached, type AppGraph, type BrowserStateSpec, type ListenerSpec, type StateSpec } from '../../server/protocol.js'
import type { GBrowserState } from '../g-browser-state.js'
import type { GElement } from './g-element.js'

/** An app's declarations as read from its page, with the lookups `<g-app>` needs. */
export interface PageGraph {
  /** What the server is told. */
  spec: AppGraph
  /** Named states and controls. */
  elements: Map<string, GElement>
  /** Every element that can start an event, by the name triggers use (unnamed ones get a private one). */
  names: Map<Element, string>
  /** Each listener with the element that declares it. */
  listeners: Map<number, { spec: ListenerSpec; element: GElement }>
  byTrigger: Map<string, ListenerSpec[]>
  /** The page author's mistakes found while reading. */
  problems: string[]
}

/**
 * Reads the g-* elements that belong to `app` (those whose nearest `<g-app>` it is). `appKey`
 * names the app (its server) in the default storage keys of browser states.
 */
export function readPageGraph(app: HTMLElement, appKey: string): PageGraph {
  const graph: PageGraph = {
    spec: { states: [], controls: [], listeners: [] },
    elements: new Map(),
    names: new Map(),
    listeners: new Map(),
    byTrigger: new Map(),
    problems: [],
  }
  const listenerNames = new Set<string>()
  let unnamed = 0
  for (const element of ownElements(app)) {
    const role = (element.constructor as typeof GElement).role
    if (role === 'layout') continue
    const name = element.name?.trim() || undefined
    for (const attribute of (element.constructor as typeof GElement).jsonAttributes) checkJson(element, attribute, graph.problems)
    if (name !== undefined && role !== 'listener') {
      if (graph.elements.has(name)) graph.problems.push(`two elements are named '${name}'`)
      graph.elements.set(name, element)
      if (role === 'state') graph.spec.states.push(stateSpec(element, name, graph.problems))
      else if (role === 'browser') (graph.spec.browser ??= []).push(browserSpec(element as GBrowserState, name, appKey))
      else if (role === 'global') (graph.spec.globals ??= []).push(name)
      else graph.spec.controls.push(name)
    }
    // An unnamed control with a shorthand fn gets a name no page can write, so that its trigger has a source.
    const source = name ?? (role === 'control' && element.fn ? `~${++unnamed}` : undefined)
    if (source !== undefined && (role === 'control' || role === 'browser')) {
      graph.names.set(element, source)
      if (name === undefined && role === 'control') {
        graph.spec.controls.push(source)
        graph.elements.set(source, element)
      }
    }
    const listener = role === 'listener' ? listenerOf(element, name) : source === undefined ? undefined : shorthandOf(element, source, name)
    if (!listener) continue
    if (listener.name) {
      if (listenerNames.has(listener.name)) graph.problems.push(`two listeners are named '${listener.name}'`)
      listenerNames.add(listener.name)
    }
    if (role === 'listener' && !listener.triggers.length) {
      graph.problems.push(`a <g-on fn="${listener.fn ?? ''}"> has neither triggers nor inputs, so nothing can start it`)
    }
    listener.id = graph.spec.listeners.length
    graph.spec.listeners.push(listener)
    graph.listeners.set(listener.id, { spec: listener, element })
    for (const trigger of listener.triggers) {
      const list = graph.byTrigger.get(trigger)
      if (list) list.push(listener)
      else graph.byTrigger.set(trigger, [listener])
    }
  }
  return graph
}

/**
 * The listeners an event on `trigger` may run: those of the trigger, then those that may follow
 * them (their `.then`/`.success`/`.failure`, and the `change` of their outputs).
 */
export function reachableListeners(graph: PageGraph, trigger: string): ListenerSpec[] {
  return [...listenersReached(graph.byTrigger, [trigger])]
}

/**
 * The listeners whose inputs an event on `trigger` must carry: those it reaches, and those of the
 * `change` of every name that is not a control here (the page's states and the server's own),
 * since a function may write any state (`ctx.session.set`).
 */
export function listenersThatMayRun(graph: PageGraph, trigger: string): Set<ListenerSpec> {
  let found = mayRun.get(graph)?.get(trigger)
  if (found) return found
  found = new Set(reachableListeners(graph, trigger))
  for (const key of graph.byTrigger.keys()) {
    const source = key.endsWith('.change') ? key.slice(0, -'.change'.length) : undefined
    if (source === undefined || graph.spec.controls.includes(source)) continue
    for (const listener of reachableListeners(graph, key)) found.add(listener)
  }
  if (!mayRun.has(graph)) mayRun.set(graph, new Map())
  mayRun.get(graph)!.set(trigger, found)
  return found
}

/** {@link listenersThatMayRun} per graph and trigger: a graph does not change once read. */
const mayRun = new WeakMap<PageGraph, Map<string, Set<ListenerSpec>>>()

/** Splits a list attribute such as `inputs="items cart"` (commas allowed too). */
export function splitNames(value: string | null | undefined): string[] {
  return value ? value.split(/[\s,]+/).filter(Boolean) : []
}

// --- internal ---

function ownElements(app: HTMLElement): GElement[] {
  return [...app.querySelectorAll('*')].filter(
    (el): el is GElement => el.localName.startsWith('g-') && 'fn' in el && el.parentElement?.closest('g-app') === app,
  )
}

/** Reports an attribute that should hold JSON and does not (the element then falls back to its default). */
function checkJson(element: GElement, attribute: string, problems: string[]): void {
  const raw = element.getAttribute(attribute)
  if (raw === null) return
  try {
    JSON.parse(raw)
  } catch {
    const who = element.name ? `'${element.name}'` : `a <${element.localName}>`
    problems.push(`the ${attribute} of ${who} is not valid JSON: ${raw.length > 40 ? raw.slice(0, 40) + '…' : raw}`)
  }
}

function browserSpec(element: GBrowserState, name: string, appKey: string): BrowserStateSpec {
  element.useKey(`g-kit ${appKey} ${name}`)
  const spec: BrowserStateSpec = { name, value: element.defaultValue, key: element.key! }
  if (element.plain) spec.plain = true
  return spec
}

function stateSpec(element: GElement, name: string, problems: string[]): StateSpec {
  const spec: StateSpec = { name }
  const value = (element as GElement & { value?: unknown }).value
  if (value !== undefined) spec.value = value
  const ttl = element.getAttribute('ttl')
  if (ttl !== null) {
    if (Number(ttl) > 0) spec.ttl = Number(ttl)
    else problems.push(`the ttl of '${name}' must be a positive number of seconds, not '${ttl}'`)
  }
  return spec
}

function listenerOf(element: GElement & { triggers?: string; cancels?: string }, name: string | undefined): ListenerSpec {
  const inputs = splitNames(element.inputs)
  const declared = splitNames(element.triggers)
  const triggers = declared.length ? declared : inputs.map((i) => `${i}.change`)
  const spec: ListenerSpec = { id: 0, triggers, inputs, outputs: splitNames(element.outputs) }
  if (name) spec.name = name
  if (element.fn) spec.fn = element.fn
  const cancels = splitNames(element.cancels)
  if (cancels.length) spec.cancels = cancels
  return spec
}

/** The listener of a shorthand `fn`: on `source`'s main trigger, named as its element is (if it is). */
function shorthandOf(element: GElement, source: string, name: string | undefined): ListenerSpec | undefined {
  if (!element.fn) return undefined
  const trigger = (element.constructor as typeof GElement).shorthandTrigger
  // A render listens to `load` and its inputs, and writes itself.
  const render = element as GElement & { listenerTriggers?(): string[]; listenerOutputs?(source: string): string[] }
  const spec: ListenerSpec = {
    id: 0,
    triggers: render.listenerTriggers?.() ?? [`${source}.${trigger}`],
    fn: element.fn,
    inputs: splitNames(element.inputs),
    outputs: render.listenerOutputs?.(source) ?? splitNames(element.outputs),
  }
  if (name) spec.name = name
  return spec
}
