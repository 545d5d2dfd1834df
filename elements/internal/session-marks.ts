import type { EventMessage, OutputProps, UpdateMessage } from '../../server/protocol.js'
import { appended } from './append.js'
import type { GElement } from './g-element.js'
import type { PageGraph } from './page-graph.js'

/** What an element showed before a session's functions first changed it. */
interface Before {
  value: unknown
  hidden: boolean
  label: string
  interactive: boolean
}

/**
 * What the current session has put into the page, so that nothing stale outlives it: when the
 * session is lost and a new one starts from the defaults, the controls it changed go back to what
 * they showed before, and the user is told which of their actions were not done.
 */
export class SessionMarks {
  #before = new Map<GElement, Before>()

  /** Notes `element` before the session changes it for the first time. */
  touch(element: GElement): void {
    if (this.#before.has(element) || (element.constructor as typeof GElement).role === 'browser') return
    const { wireValue: value, label, interactive } = element
    this.#before.set(element, { value, hidden: element.hidden === true, label, interactive })
  }

  /** Applies a server's value to an element, noting what it showed before. */
  receive(element: GElement | undefined, value: unknown): void {
    if (!element) return
    this.touch(element)
    element.receive(value)
  }

  /** Applies a server's properties to an element, noting what it showed before. */
  applyProps(element: GElement | undefined, props: OutputProps): void {
    if (!element) return
    this.touch(element)
    element.applyProps(props)
  }

  /** Applies a server's update to the page's elements, and adds the names whose value changed to `changed`. */
  applyUpdate(graph: PageGraph, message: UpdateMessage, changed: Set<string>): void {
    for (const [name, props] of Object.entries(message.props ?? {})) this.applyProps(graph.elements.get(name), props)
    for (const name of message.changed ?? []) changed.add(name)
    for (const [name, value] of Object.entries(message.values ?? {})) {
      this.receive(graph.elements.get(name), value)
      changed.add(name)
    }
    for (const [name, token] of Object.entries(message.resealed ?? {})) graph.elements.get(name)?.receive(token)
    for (const [name, { path, text }] of Object.entries(message.append ?? {})) {
      const element = graph.elements.get(name)
      this.receive(element, appended((element as { value?: unknown } | undefined)?.value, path, text))
      changed.add(name)
    }
  }

  /** The session is gone: every element it changed shows what it showed before. */
  restore(): void {
    for (const [element, before] of this.#before) {
      element.receive(before.value)
      element.hidden = before.hidden
      element.label = before.label
      element.interactive = before.interactive
    }
    this.#before.clear()
  }
}

/** The user's actions among `events`, as the user knows them: “Add” (click). */
export function describeActions(graph: PageGraph, events: readonly EventMessage[]): string[] {
  const sources = new Map([...graph.names].map(([element, name]) => [name, element]))
  const actions: string[] = []
  for (const { trigger } of events) {
    const dot = trigger.lastIndexOf('.')
    if (dot <= 0) continue // `load` runs again in the new session
    const name = trigger.slice(0, dot)
    const element = sources.get(name) as GElement | undefined
    const label = element?.label || element?.textContent?.trim() || (name.startsWith('~') ? `a <${element?.localName ?? 'g-*'}>` : name)
    actions.push(`“${label}” (${trigger.slice(dot + 1)})`)
  }
  return actions
}
