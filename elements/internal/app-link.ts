import type { GElement } from './g-element.js'

/** What an element that drives its own listener needs of its `<g-app>`. */
interface AppTrigger {
  trigger(trigger: string, source?: GElement, eventValue?: unknown): boolean
}

/** The nearest `<g-app>` around `element`, across shadow roots. */
export function appAround(element: Element): AppTrigger | undefined {
  for (let node: Node | null = element.parentNode; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof Element && node.localName === 'g-app') return node as unknown as AppTrigger
  }
  return undefined
}

/**
 * Starts `<source>.<event>` in the element's app, as a user's action on it would, with `value` as
 * `ctx.event.value`. `source` is the name the app gave the element (its `name`, or `~N`). Returns
 * whether an event started.
 */
export function fire(element: GElement, source: string | undefined, event: string, value?: unknown): boolean {
  return source !== undefined && (appAround(element)?.trigger(`${source}.${event}`, undefined, value) ?? false)
}
