import { listenersReached, type AppGraph, type ListenerSpec } from '../../server/protocol.js'
import type { GBrowserState } from '../g-browser-state.js'
import type { GElement } from './g-element.js'
import { browserSpec, checkJson, declarations, listenerOf, readsBroken, shorthandOf, signature, stateSpec, type Entry } from './declarations.js'

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
  /** Names of elements whose JSON does not parse: listeners that read them or start from them do not run. */
  #broken = new Set<string>()
  /** Names two elements have shared: only for those is there another element to look for when one leaves. */
  #shared = new Set<string>()

  /** `appKey` names the app (its server) in the default storage keys of browser states. */
  constructor(private appKey: string) {}

  /** Whether `element` is in the app. */
  has(element: GElement): boolean {
    return this.#entries.has(element)
  }

  /** Whether `element`, in the app, now declares something else than when it joined (its `fn`, `name`… changed). */
  changed(element: GElement): boolean {
    const entry = this.#entries.get(element)
    return entry !== undefined && entry.signature !== signature(element)
  }

  /** The whole app, in the order its elements joined: what a hello says. */
  get spec(): AppGraph {
    return declarations(this.#entries.values())
  }

  /** Takes elements into the app; returns what the server must be told. */
  join(elements: readonly GElement[]): AppChange {
    const problems: string[] = []
    const added: Entry[] = []
    // An element whose JSON does not parse would send a half-read value: it and the listeners that use it do not run.
    const invalid = new Set<GElement>()
    for (const element of elements) {
      if (this.#entries.has(element) || element.jsonAttributeNames.every((attribute) => checkJson(element, attribute, problems))) continue
      invalid.add(element)
      const name = element.name?.trim()
      if (name) this.#broken.add(name)
    }
    for (const element of elements) {
      if (this.#entries.has(element)) continue
      const entry = this.#read(element, problems, !invalid.has(element))
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
        this.#broken.delete(name)
        this.controls.delete(name)
        if (this.elements.get(name) === element) {
          this.elements.delete(name)
          // Another element of that name (a mistake, shown) takes its place.
          const other = this.#shared.has(name) ? [...this.#entries].find(([, e]) => (e.state?.name ?? e.browser?.name ?? e.global ?? e.control) === name) : undefined
          if (other) this.elements.set(name, other[0])
        }
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

  /** The values an event on `trigger` carries: those the page holds (controls, browser states) of every listener that may run. */
  valuesFor(trigger: string): Record<string, unknown> {
    const values: Record<string, unknown> = {}
    for (const listener of this.listenersThatMayRun(trigger)) {
      for (const name of [...listener.inputs, ...listener.outputs]) {
        const element = this.elements.get(name)
        const role = element && (element.constructor as typeof GElement).role
        if (role === 'control' || role === 'browser') values[name] = element!.wireValue
      }
    }
    return values
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

  #read(element: GElement, problems: string[], valid: boolean): Entry {
    const role = (element.constructor as typeof GElement).role
    const entry: Entry = { signature: signature(element) }
    if (role === 'layout') return entry
    const name = element.name?.trim() || undefined
    if (name !== undefined && role !== 'listener') {
      if (this.elements.has(name)) {
        problems.push(`two elements are named '${name}'`)
        this.#shared.add(name)
      } else this.elements.set(name, element)
      if (role === 'state') entry.state = stateSpec(element, name, problems)
      else if (role === 'browser') entry.browser = browserSpec(element as GBrowserState, name, this.appKey)
      else if (role === 'global') entry.global = name
      else {
        entry.control = name
        entry.kind = element.localName.replace(/^g-/, '')
      }
    }
    // An unnamed control with a shorthand fn gets a name no page can write, so that its trigger has a source.
    const source = name ?? (role === 'control' && element.fn ? `~${++this.#nextUnnamed}` : undefined)
    if (source !== undefined && (role === 'control' || role === 'browser')) {
      this.names.set(element, source)
      if (role === 'control') {
        this.controls.add((entry.control = source))
        entry.kind = element.localName.replace(/^g-/, '')
        if (name === undefined) this.elements.set(source, element)
      }
    }
    const listener = role === 'listener' ? listenerOf(element, name) : source === undefined ? undefined : shorthandOf(element, source, name)
    if (!listener || !valid || readsBroken(listener, this.#broken)) return entry
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
