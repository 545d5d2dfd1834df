/**
 * A page's app changes while it runs: elements join (`add`) and leave (`remove`). These pure
 * functions make the new declarations from the old ones; the session then compiles them through
 * `pageGraph`, so sessions whose pages declare the same app still share one compiled graph.
 */
import type { AppGraph, ListenerSpec } from '../protocol.js'

/** The limits an app's declarations must keep however they grew: those of the largest hello. */
export interface AppLimits {
  /** Characters of the app's declarations as JSON. */
  maxFrame: number
  /** Entries in each list (states, controls, listeners, …). */
  maxNames: number
}

/** `spec` with the declarations of `added` after its own. */
export function withAdded(spec: AppGraph, added: AppGraph): AppGraph {
  const next: AppGraph = {
    states: [...spec.states, ...added.states],
    controls: [...spec.controls, ...added.controls],
    listeners: [...spec.listeners, ...added.listeners],
  }
  if (spec.browser || added.browser) next.browser = [...(spec.browser ?? []), ...(added.browser ?? [])]
  if (spec.globals || added.globals) next.globals = [...(spec.globals ?? []), ...(added.globals ?? [])]
  if (spec.kinds || added.kinds) next.kinds = Object.assign(Object.create(null) as Record<string, string>, spec.kinds, added.kinds)
  return next
}

/**
 * `spec` without the listeners whose ids are in `listeners`, and without one entry for each of
 * `names` (the last one so named: two elements may share a name by mistake, and each leaves on its
 * own). Linear in the size of both.
 */
export function withRemoved(spec: AppGraph, listeners: readonly number[], names: readonly string[]): AppGraph {
  const ids = new Set(listeners)
  const leaving = new Map<string, number>()
  for (const name of names) leaving.set(name, (leaving.get(name) ?? 0) + 1)
  const keep = <T>(list: readonly T[], nameOf: (item: T) => string): T[] => {
    const kept: T[] = []
    for (let i = list.length - 1; i >= 0; i--) {
      const name = nameOf(list[i]!)
      const count = leaving.get(name)
      if (count) leaving.set(name, count - 1)
      else kept.push(list[i]!)
    }
    return kept.reverse()
  }
  const next: AppGraph = {
    listeners: spec.listeners.filter((l: ListenerSpec) => !ids.has(l.id)),
    controls: keep(spec.controls, (name) => name),
    states: keep(spec.states, (state) => state.name),
  }
  if (spec.browser) next.browser = keep(spec.browser, (state) => state.name)
  if (spec.globals) next.globals = keep(spec.globals, (name) => name)
  if (spec.kinds) {
    const controls = new Set(next.controls)
    next.kinds = Object.create(null) as Record<string, string>
    for (const [name, kind] of Object.entries(spec.kinds)) if (controls.has(name)) next.kinds[name] = kind
  }
  return next
}

/**
 * Why `spec` is too large for a page's app, or undefined when it is not: no run of `add`s grows an
 * app past what one hello may declare. `bySize`: whether its JSON is measured too (not its lists alone).
 */
export function appTooLarge(spec: AppGraph, limits: AppLimits, bySize = true): string | undefined {
  const lists: Array<[string, number]> = [
    ['states', spec.states.length + (spec.browser?.length ?? 0)],
    ['controls', spec.controls.length],
    ['listeners', spec.listeners.length],
    ['globals', spec.globals?.length ?? 0],
  ]
  for (const [what, count] of lists) {
    if (count > limits.maxNames) return `the page's app would have ${count} ${what}, more than the limit of ${limits.maxNames}: the change was refused`
  }
  if (!bySize) return undefined
  const size = JSON.stringify(spec).length
  if (size > limits.maxFrame) return `the page's app would take ${size} characters, more than the limit of ${limits.maxFrame}: the change was refused`
  return undefined
}
