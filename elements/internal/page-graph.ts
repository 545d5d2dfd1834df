import { listenersReached, type AppGraph, type BrowserStateSpec, type ListenerSpec, type StateSpec } from '../../server/protocol.js'
import type { GBrowserState } from '../g-browser-state.js'
import type { GElement } from './g-element.js'

/** What one element brings to its app while it is in it. */
interface Entry {
  /** Its name among states and controls (and the source name of its triggers). */
  name?: string
  state?: StateSpec
  browser?: BrowserStateSpec
  global?: string
  control?: string
  listener?: ListenerSpec
}

/** What a change of the app brings: the declarations added, or the ids and names that left. */
export interface AppChange {
  added?: AppGraph
  removed?: { listeners: number[]; names: string[] }
  /** The page author's mistakes in what joined. */
  problems: string[]
}

/**
 * An app's declarations as its elements bring them: elements join and leave at any time. Each
 * listener gets an id the page never reuses, and an unnamed control with a shorthand `fn` a name
 * no page can write (`~1`), kept while it stays; so results always reach the right element.
 */
export class PageGraph {
  /** Named states and controls (the first element of a name, if two share it). */
  readonly elements = new Map<string, GElement>()
  /** Every element that can start an event, by the name triggers use. */
  readonly names = new Map<Element, string>()
  /** Each listener with the element that declares it. */
  readonly listeners = new Map<number, { spec: ListenerSpec; element: GElement }>()
  readonly byTrigger = new Map<string, ListenerSpec[]>()
  /** Control names, for {@link listenersThatMayRun}. */
  readonly controls = new Set<string>()
  #entries = new Map<GElement, Entry>()
  #listenerNames = new Map<string, number>()
  #nextListener = 0
  #nextUnnamed = 0
  #mayRun = new Map<string, Set<ListenerSpec>>()

  /** `appKey` names the app (its server) in the default storage keys of browser states. */
  constructor(private appKey: string) {}

  /** Whether `element` is in the app. */
  has(element: GElement): boolean {
    return this.#entries.has(element)
  }

  /** The whole app, in the order its elements joined: what a hello says. */
  get spec(): AppGraph {
    return declarations(this.#entries.values())
  }

  /** Takes elements into the app; returns what the server must be told. */
  join(elements: readonly GElement[]): AppChange {
    const problems: string[] = []
    const added: Entry[] = []
    for (const element of elements) {
      if (this.#entries.has(element)) continue
      const entry = this.#read(element, problems)
      this.#entries.set(element, entry)
      added.push(entry)
    }
    this.#mayRun.clear()
    return { added: declarations(added), problems }
  }

  /** Lets elements go: their listeners stop, their names are free. */
  leave(elements: readonly GElement[]): AppChange {
    const listeners: number[] = []
    const names: string[] = []
    for (const element of elements) {
      const entry = this.#entries.get(element)
      if (!entry) continue
      this.#entries.delete(element)
      this.names.delete(element)
      const name = entry.state?.name ?? entry.browser?.name ?? entry.global ?? entry.control
      if (name !== undefined) {
        names.push(name)
        this.controls.delete(name)
        if (this.elements.get(name) === element) this.elements.delete(name)
      }
      const listener = entry.listener
      if (!listener) continue
      listeners.push(listener.id)
      this.listeners.delete(listener.id)
      if (listener.name) this.#listenerNames.set(listener.name, this.#listenerNames.get(listener.name)! - 1)
      for (const trigger of listener.triggers) {
        const list = this.byTrigger.get(trigger)?.filter((l) => l !== listener)
        if (list?.length) this.byTrigger.set(trigger, list)
        else this.byTrigger.delete(trigger)
      }
    }
    this.#mayRun.clear()
    return { removed: { listeners, names }, problems: [] }
  }

  /**
   * The listeners whose inputs an event on `trigger` must carry: those it reaches, and those of the
   * `change` of every name that is not a control here (the page's states and the server's own),
   * since a function may write any state (`ctx.session.set`).
   */
  listenersThatMayRun(trigger: string): Set<ListenerSpec> {
    let found = this.#mayRun.get(trigger)
    if (found) return found
    found = new Set(this.reachableListeners(trigger))
    for (const key of this.byTrigger.keys()) {
      const source = key.endsWith('.change') ? key.slice(0, -'.change'.length) : undefined
      if (source === undefined || this.controls.has(source)) continue
      for (const listener of this.reachableListeners(key)) found.add(listener)
    }
    this.#mayRun.set(trigger, found)
    return found
  }

  /**
   * The listeners an event on `trigger` may run: those of the trigger, then those that may follow
   * them (their `.then`/`.success`/`.failure`, and the `change` of their outputs).
   */
  reachableListeners(trigger: string): ListenerSpec[] {
    return [...listenersReached(this.byTrigger, [trigger])]
  }

  #read(element: GElement, problems: string[]): Entry {
    const role = (element.constructor as typeof GElement).role
    const entry: Entry = {}
    if (role === 'layout') return entry
    const name = element.name?.trim() || undefined
    for (const attribute of (element.constructor as typeof GElement).jsonAttributes) checkJson(element, attribute, problems)
    if (name !== undefined && role !== 'listener') {
      if (this.elements.has(name)) problems.push(`two elements are named '${name}'`)
      else this.elements.set(name, element)
      if (role === 'state') entry.state = stateSpec(element, name, problems)
      else if (role === 'browser') entry.browser = browserSpec(element as GBrowserState, name, this.appKey)
      else if (role === 'global') entry.global = name
      else entry.control = name
    }
    // An unnamed control with a shorthand fn gets a name no page can write, so that its trigger has a source.
    const source = name ?? (role === 'control' && element.fn ? `~${++this.#nextUnnamed}` : undefined)
    if (source !== undefined && (role === 'control' || role === 'browser')) {
      this.names.set(element, source)
      if (role === 'control') this.controls.add((entry.control = source))
    }
    const listener = role === 'listener' ? listenerOf(element, name) : source === undefined ? undefined : shorthandOf(element, source, name)
    if (!listener) return entry
    if (listener.name) {
      const count = this.#listenerNames.get(listener.name) ?? 0
      if (count) problems.push(`two listeners are named '${listener.name}'`)
      this.#listenerNames.set(listener.name, count + 1)
    }
    if (role === 'listener' && !listener.triggers.length) {
      problems.push(`a <g-on fn="${listener.fn ?? ''}"> has neither triggers nor inputs, so nothing can start it`)
    }
    listener.id = this.#nextListener++
    entry.listener = listener
    this.listeners.set(listener.id, { spec: listener, element })
    for (const trigger of listener.triggers) {
      const list = this.byTrigger.get(trigger)
      if (list) list.push(listener)
      else this.byTrigger.set(trigger, [listener])
    }
    return entry
  }
}

/** Splits a list attribute such as `inputs="items cart"` (commas allowed too). */
export function splitNames(value: string | null | undefined): string[] {
  return value ? value.split(/[\s,]+/).filter(Boolean) : []
}

// --- internal ---

function declarations(entries: Iterable<Entry>): AppGraph {
  const graph: AppGraph = { states: [], controls: [], listeners: [] }
  for (const entry of entries) {
    if (entry.state) graph.states.push(entry.state)
    if (entry.browser) (graph.browser ??= []).push(entry.browser)
    if (entry.global) (graph.globals ??= []).push(entry.global)
    if (entry.control) graph.controls.push(entry.control)
    if (entry.listener) graph.listeners.push(entry.listener)
  }
  return graph
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
  const spec: ListenerSpec = { id: 0, triggers: [`${source}.${trigger}`], fn: element.fn, inputs: splitNames(element.inputs), outputs: splitNames(element.outputs) }
  if (name) spec.name = name
  return spec
}
