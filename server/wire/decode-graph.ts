import type { AppGraph, BrowserStateSpec, ListenerSpec, StateSpec } from '../protocol.js'
import type { DecodeLimits } from './decode.js'
import { int, isRecord, list, names, record, str } from './decode-fields.js'

/** The longest `ttl` a page may ask for: a year. */
const MAX_TTL = 365 * 24 * 3600

/** A page's app (a hello's, an `add`'s), checked against the limits before anything is made of it. */
export function decodeGraph(x: unknown, limits: DecodeLimits): AppGraph {
  if (!isRecord(x)) throw new Error(`'graph' must be an object`)
  const { states, controls, listeners, browser } = x
  if (!Array.isArray(states) || !Array.isArray(listeners)) throw new Error(`'graph' needs lists 'states' and 'listeners'`)
  if (states.length > limits.maxNames || listeners.length > limits.maxNames) throw new Error(`'graph' declares more than ${limits.maxNames} states or listeners`)
  const total = appSize(x, states, listeners)
  if (total > limits.maxAppSize) throw new Error(`'graph' declares ${total} names in all, more than the limit of ${limits.maxAppSize}`)
  return {
    states: states.map((s, i) => {
      if (!isRecord(s)) throw new Error(`'graph.states[${i}]' must be an object`)
      const spec: StateSpec = { name: str(s.name, `graph.states[${i}].name`), value: s.value }
      if (s.ttl !== undefined) {
        if (typeof s.ttl !== 'number' || !(s.ttl > 0) || s.ttl > MAX_TTL) {
          throw new Error(`'graph.states[${i}].ttl' must be a positive number of seconds, at most ${MAX_TTL}`)
        }
        spec.ttl = s.ttl
      }
      return spec
    }),
    ...(browser !== undefined && {
      browser: list(browser, 'graph.browser', limits).map((b, i) => {
        if (!isRecord(b)) throw new Error(`'graph.browser[${i}]' must be an object`)
        const spec: BrowserStateSpec = { name: str(b.name, `graph.browser[${i}].name`), value: b.value, key: str(b.key, `graph.browser[${i}].key`) }
        if (b.plain === true) spec.plain = true
        return spec
      }),
    }),
    ...(x.globals !== undefined && { globals: names(x.globals, 'graph.globals', limits) }),
    controls: names(controls ?? [], 'graph.controls', limits),
    ...(x.kinds !== undefined && { kinds: kinds(x.kinds, limits) }),
    listeners: listeners.map((l, i) => {
      if (!isRecord(l)) throw new Error(`'graph.listeners[${i}]' must be an object`)
      const at = `graph.listeners[${i}]`
      const spec: ListenerSpec = {
        id: int(l.id, `${at}.id`),
        triggers: names(l.triggers, `${at}.triggers`, limits),
        inputs: names(l.inputs ?? [], `${at}.inputs`, limits),
        outputs: names(l.outputs ?? [], `${at}.outputs`, limits),
      }
      if (l.name !== undefined) spec.name = str(l.name, `${at}.name`)
      if (l.fn !== undefined) spec.fn = str(l.fn, `${at}.fn`)
      if (l.cancels !== undefined) spec.cancels = names(l.cancels, `${at}.cancels`, limits)
      if (l.via === 'chat') spec.via = 'chat'
      return spec
    }),
  }
}

/** The kinds of controls, by name: short names, at most `maxNames` of them. */
function kinds(x: unknown, limits: DecodeLimits): Record<string, string> {
  const entries = Object.entries(record(x, 'graph.kinds'))
  if (entries.length > limits.maxNames) throw new Error(`'graph.kinds' names ${entries.length} controls, more than the limit of ${limits.maxNames}`)
  const found: Record<string, string> = Object.create(null)
  for (const [name, kind] of entries) found[name] = str(kind, `graph.kinds.${name.slice(0, 40)}`)
  return found
}

/** How many names a graph declares in all, counted before anything is made of them. */
function appSize(x: Record<string, unknown>, states: unknown[], listeners: unknown[]): number {
  const length = (list: unknown) => (Array.isArray(list) ? list.length : 0)
  let total = states.length + listeners.length + length(x.browser) + length(x.globals) + length(x.controls)
  for (const l of listeners) {
    if (isRecord(l)) total += length(l.triggers) + length(l.inputs) + length(l.outputs) + length(l.cancels)
  }
  return total
}

