import type { ReactiveController } from 'lit'
import type { EndMessage } from '../../server/protocol.js'
import { startedListeners, type GElement } from './g-element.js'
import type { PageGraph } from './page-graph.js'

/** DOM events that elements fire as triggers. */
const TRIGGER_EVENTS = ['click', 'change', 'input', 'submit', 'release', 'select', 'like'] // display: + select (g-tabs), like (g-chatbot)

/** The app whose triggers these are. */
interface TriggerHost extends HTMLElement {
  trigger(trigger: string, source?: GElement, eventValue?: unknown): boolean
  addController(controller: ReactiveController): void
}

/**
 * Hears the trigger events of an app's elements (`add.click`) and starts their events; fires on
 * them `change` for values the server set (which must not start their listeners again) and the
 * outcomes of their listeners.
 */
export class AppTriggers implements ReactiveController {
  /** `change` events fired for values the server set: their listeners already ran there. */
  #echoes = new WeakSet<Event>()

  constructor(
    private readonly host: TriggerHost,
    private readonly graph: () => PageGraph | undefined,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    for (const type of TRIGGER_EVENTS) this.host.addEventListener(type, this.#heard)
  }

  hostDisconnected(): void {
    for (const type of TRIGGER_EVENTS) this.host.removeEventListener(type, this.#heard)
  }

  /** Fires `change` on the element named `name`, whose value changed on the server; its listeners ran, or run, there. */
  echo(name: string): void {
    const change = new Event('change', { bubbles: true, composed: true })
    this.#echoes.add(change)
    this.graph()?.elements.get(name)?.dispatchEvent(change)
  }

  /** Fires a listener's outcome on its element: `then`, and `success` or `failure` unless it was cancelled. */
  ended(element: Element, message: EndMessage): void {
    const detail = { error: message.error, cancelled: message.cancelled === true }
    for (const type of message.cancelled ? ['then'] : ['then', message.ok ? 'success' : 'failure']) {
      element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
    }
  }

  #heard = (event: Event): void => {
    const graph = this.graph()
    if (!graph || this.#echoes.has(event)) return
    const source = event.composedPath().find((target) => graph.names.has(target as Element)) as GElement | undefined
    if (!source) return
    const trigger = `${graph.names.get(source)}.${event.type}`
    const value = (event as CustomEvent<{ value?: unknown } | null>).detail?.value
    if (graph.byTrigger.has(trigger) && this.host.trigger(trigger, source, value)) startedListeners.add(event)
  }
}
