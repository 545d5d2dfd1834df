import { parsesAsJson } from './converters.js'
import type { AppGraph, BrowserStateSpec, ListenerSpec, StateSpec } from '../../server/protocol.js'
import type { GBrowserState } from '../g-browser-state.js'
import type { GElement } from './g-element.js'

/** What one element brings to its app while it is in it. */
export interface Entry {
  /** What the element declared when it joined (see {@link signature}). */
  signature: string
  state?: StateSpec
  browser?: BrowserStateSpec
  global?: string
  control?: string
  /** The control's kind (its tag without `g-`), so that the server can say when a function gives it a value it cannot show. */
  kind?: string
  listener?: ListenerSpec
}

/** Splits a list attribute such as `inputs="items cart"` (commas allowed too). */
export function splitNames(value: string | null | undefined): string[] {
  return value ? value.split(/[\s,]+/).filter(Boolean) : []
}

export function declarations(entries: Iterable<Entry>): AppGraph {
  const graph: AppGraph = { states: [], controls: [], listeners: [] }
  for (const entry of entries) {
    if (entry.state) graph.states.push(entry.state)
    if (entry.browser) (graph.browser ??= []).push(entry.browser)
    if (entry.global) (graph.globals ??= []).push(entry.global)
    if (entry.control) graph.controls.push(entry.control)
    if (entry.control && entry.kind) (graph.kinds ??= Object.create(null) as Record<string, string>)[entry.control] = entry.kind
    if (entry.listener) graph.listeners.push(entry.listener)
  }
  return graph
}

/** Reports an attribute that should hold JSON and does not (the element then falls back to its default); returns whether it is valid. */
export function checkJson(element: GElement, attribute: string, problems: string[]): boolean {
  const raw = element.getAttribute(attribute)
  if (parsesAsJson(raw)) return true
  const who = element.name ? `'${element.name}'` : `a <${element.localName}>`
  problems.push(`the ${attribute} of ${who} is not valid JSON: ${raw!.length > 40 ? raw!.slice(0, 40) + '…' : raw}; the listeners that use it do not run`)
  return false
}

/** Whether a listener takes a broken element as an input or starts from one of its triggers. */
export function readsBroken(listener: ListenerSpec, broken: ReadonlySet<string>): boolean {
  return listener.inputs.some((input) => broken.has(input)) || listener.triggers.some((trigger) => broken.has(trigger.split('.')[0]!))
}

export function browserSpec(element: GBrowserState, name: string, appKey: string): BrowserStateSpec {
  element.useKey(`g-kit ${appKey} ${name}`)
  const spec: BrowserStateSpec = { name, value: element.defaultValue, key: element.key! }
  if (element.plain) spec.plain = true
  return spec
}

export function stateSpec(element: GElement, name: string, problems: string[]): StateSpec {
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

export function listenerOf(element: GElement & { triggers?: string; cancels?: string }, name: string | undefined): ListenerSpec {
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
export function shorthandOf(element: GElement, source: string, name: string | undefined): ListenerSpec | undefined {
  if (!element.fn) return undefined
  const trigger = (element.constructor as typeof GElement).shorthandTrigger
  // A render listens to `load` and its inputs, and writes itself.
  const render = element as GElement & {
    listenerTriggers?(source: string): string[]
    listenerOutputs?(source: string): string[]
    /** An element that builds its own listener (`<g-interface>`, `<g-chat-interface>`) completes it here. */
    adjustListener?(spec: ListenerSpec, source: string): void
  }
  const spec: ListenerSpec = {
    id: 0,
    triggers: render.listenerTriggers?.(source) ?? [`${source}.${trigger}`],
    fn: element.fn,
    inputs: splitNames(element.inputs),
    outputs: render.listenerOutputs?.(source) ?? splitNames(element.outputs),
  }
  if (name) spec.name = name
  render.adjustListener?.(spec, source)
  return spec
}

/** What an element declares, in one string: when it changes, the element leaves and joins again. */
export function signature(element: GElement & { triggers?: string; cancels?: string }): string {
  return JSON.stringify([element.name, element.fn, element.inputs, element.outputs, element.triggers, element.cancels])
}
