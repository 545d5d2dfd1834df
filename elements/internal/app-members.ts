import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { appAround } from './app-link.js'
import { GElement } from './g-element.js'
import type { PageGraph } from './page-graph.js'

/**
 * The elements of a `<g-app>`, as they come and go. An element asks to join its nearest app when
 * it connects (a composed `g-join` event, so it crosses shadow roots: a framework's or a render's
 * content joins like any other), and tells the app it joined when it disconnects. The app looks at
 * what changed once per task, so that an element moved in the DOM stays as it was, and the
 * elements one script or render adds travel in one message.
 */
export class AppMembers implements ReactiveController {
  #touched = new Set<GElement>()
  #looking = false
  #membership = { leave: (element: GElement) => this.touch(element) }

  constructor(
    private host: ReactiveControllerHost & HTMLElement,
    /** The app's declarations; none while the app has not started. */
    private graph: () => PageGraph | undefined,
    /** Told, once per task, which elements joined (in document order) and which left. */
    private changed: (joining: GElement[], leaving: GElement[]) => void,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    this.host.addEventListener('g-join', this.#onJoin)
    // Elements upgraded before the app was asked before anyone listened.
    for (const element of this.host.querySelectorAll('*')) if (element instanceof GElement) this.touch(element)
  }

  hostDisconnected(): void {
    this.host.removeEventListener('g-join', this.#onJoin)
  }

  /** An element joined or left (or asks to join): the app looks at it at the end of the task. */
  touch(element: GElement): void {
    this.#touched.add(element)
    if (this.#looking) return
    this.#looking = true
    queueMicrotask(() => this.look())
  }

  /** Looks now at the elements touched since it last looked. */
  look(): void {
    this.#looking = false
    const graph = this.graph()
    if (!graph) return // not started: it looks when it is
    const joining: GElement[] = []
    const leaving: GElement[] = []
    for (const element of this.#touched) {
      const member = element.isConnected && appAround(element) === (this.host as unknown)
      const has = graph.has(element)
      if (member && !has) joining.push(element)
      else if (!member && has) leaving.push(element)
      else if (member && graph.changed(element)) leaving.push(element) && joining.push(element)
      if (member) element.joined = this.#membership
      else if (element.joined === this.#membership) element.joined = undefined
    }
    this.#touched.clear()
    joining.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
    if (joining.length || leaving.length) this.changed(joining, leaving)
  }

  #onJoin = (event: Event): void => {
    const element = event.composedPath()[0]
    if (!(element instanceof GElement)) return
    event.stopPropagation()
    this.touch(element)
  }
}
