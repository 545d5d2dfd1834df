import { LitElement, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { PROTOCOL_VERSION, SOCKET_PATH, type ServerMessage } from '../server/protocol.js'
import { Connection, socketUrl, type ConnectionStatus } from './internal/connection.js'
import { listenersThatMayRun, reachableListeners, readPageGraph, type PageGraph } from './internal/page-graph.js'
import type { GElement } from './internal/g-element.js'
import styles from './g-app.styles.js'
import { AppFeedback, listenerKey } from './internal/app-feedback.js' // display: toasts, progress
import { toastStyles } from './internal/g-toasts.styles.js'
import './internal/g-toasts.js'

/** DOM events that elements fire as triggers. */
const TRIGGER_EVENTS = ['click', 'change', 'input', 'submit', 'select', 'like'] // display: + select (g-tabs), like (g-chatbot)

/** The detail of a `g-error` event. */
export interface GErrorDetail {
  message: string
  /** The name of the listener that failed, if it has one. */
  listener?: string
}

/**
 * An app: the g-* elements inside it, one session on the server per page load. It connects to
 * the server that served kit.js unless `server` says otherwise, sends each trigger of its
 * elements as an event, and applies what the server's functions return. While an event runs, the
 * elements it may change are `pending` (`aria-busy`); errors, `ctx.info` and `ctx.warning` show as
 * announced toasts, and `ctx.progress` as a progress bar on the running listener's outputs.
 *
 * @summary The app: one server session per page load.
 * @fires load - The server has welcomed the page; `load` listeners run now.
 * @fires g-error - An error was shown; `detail` is `{ message, listener? }`.
 * @slot - The app's elements.
 * @csspart status - The connection notice, shown when the server cannot be reached.
 * @csspart errors - The errors' toasts (an `alert` region).
 * @csspart error - One error's toast.
 * @csspart notices - The toasts of `ctx.info` and `ctx.warning` (a `status` region).
 * @csspart info - One info toast.
 * @csspart warning - One warning toast.
 * @csspart dismiss - The button that closes a toast.
 * @cssprop --g-font - The font of the app and its elements.
 * @cssprop --g-text - Text colour.
 * @cssprop --g-accent - Accent colour: primary buttons, focus rings, checked boxes.
 * @cssprop --g-border - Border colour of controls.
 * @cssprop --g-radius - Corner radius of controls and notices.
 * @cssprop --g-error-color - Text and border colour of errors.
 * @cssprop --g-error-bg - Background of errors.
 * @cssprop --g-notice-bg - Background of the connection notice.
 * @cssprop --g-notice-color - Text colour of the connection notice.
 */
@customElement('g-app')
export class GApp extends LitElement {
  static override styles = [styles, toastStyles]

  /** Base URL of the g-kit server; by default the server that served kit.js. */
  @property() server?: string
  /** The session id the server gave this page load (opaque). */
  @state() session?: string
  /** What the app tells the user about its connection or session, if anything. */
  @state() private _notice = ''

  private _graph?: PageGraph
  private _connection?: Connection
  private _connected = false
  private _nextEvent = 1
  /** display: toasts, progress bars and errors at outputs. */
  private _feedback = new AppFeedback(() => this.renderRoot)
  /** Per running event: the output elements each listener may still change, the listeners that ended, the names that changed. */
  private _running = new Map<number, { pending: Map<number, GElement[]>; ended: Set<number>; changed: Set<string> }>()
  private _busy = new Map<GElement, number>()
  /** `change` events this app fired for values the server set: their listeners already ran there. */
  private _echoes = new WeakSet<Event>()

  override connectedCallback(): void {
    super.connectedCallback()
    for (const type of TRIGGER_EVENTS) this.addEventListener(type, this._onTrigger)
    void this._start()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    for (const type of TRIGGER_EVENTS) this.removeEventListener(type, this._onTrigger)
    this._connection?.close()
    this._connection = undefined
    // Its events will not finish here: nothing stays busy.
    for (const event of [...this._running.keys()]) this._finish(event)
  }

  /** Starts an event as if `trigger` (such as `add.click`) had fired. */
  trigger(trigger: string, source?: GElement, eventValue?: unknown): void {
    const graph = this._graph
    const connection = this._connection
    if (!graph || !connection) return
    const direct = graph.byTrigger.get(trigger) ?? []
    const cancels = direct.flatMap((l) => l.cancels ?? [])
    if (cancels.length) connection.send({ t: 'cancel', listeners: cancels })
    if (!direct.some((l) => l.fn)) return
    if (this._notice && this._connected) this._notice = ''
    const values: Record<string, unknown> = {}
    for (const listener of listenersThatMayRun(graph, trigger)) {
      for (const name of [...listener.inputs, ...listener.outputs]) {
        const element = graph.elements.get(name)
        if (element && carriesValue(element)) values[name] = element.wireValue
      }
    }
    const pending = new Map<number, GElement[]>()
    for (const listener of reachableListeners(graph, trigger)) {
      const outputs = listener.outputs.flatMap((name) => graph.elements.get(name) ?? [])
      outputs.forEach((element) => this._setBusy(element, +1))
      pending.set(listener.id, outputs)
    }
    const id = this._nextEvent++
    this._running.set(id, { pending, ended: new Set(), changed: new Set() })
    // display: a trigger event's `detail.value` (a like's message index) is its ctx.event.value; else the element's value.
    const data = eventValue !== undefined ? eventValue : source && 'value' in source ? source.value : undefined
    connection.sendEvent({ t: 'event', id, trigger, values, data })
  }

  protected override render() {
    return html`
      <slot></slot>
      <div part="status" role="status" ?hidden=${!this._notice}>${this._notice}</div>
      <g-toasts></g-toasts>
    `
  }

  private async _start(): Promise<void> {
    // Every element of the bundle is defined in the same task as g-app, so one microtask later
    // the children are upgraded; a g-* tag still undefined then is not an element of the kit.
    await Promise.resolve()
    if (!this.isConnected || this._connection) return
    for (const unknown of this.querySelectorAll(':not(:defined)')) {
      if (unknown.localName.startsWith('g-')) this._showError(`<${unknown.localName}> is not a g-kit element`)
    }
    const url = socketUrl(this.server, SOCKET_PATH)
    this._graph = readPageGraph(this, url)
    this._graph.problems.forEach((problem) => this._showError(problem))
    const hello = { t: 'hello', v: PROTOCOL_VERSION, graph: this._graph.spec } as const
    this._connection = new Connection(url, hello, {
      message: (message) => this._receive(message),
      status: (status, detail) => this._onStatus(status, detail),
      dropped: (events) => events.forEach((event) => this._finish(event)),
    })
  }

  private _onStatus(status: ConnectionStatus, detail?: string): void {
    this._connected = status === 'open'
    if (status === 'reconnecting' && detail === 'server full') this._notice = 'The server is full right now. Retrying…'
    else if (status === 'reconnecting') this._notice = `Disconnected from the server${detail ? `: ${detail}` : ''}. Reconnecting…`
    else if (status === 'open' && /^(Disconnected|The server is full)/.test(this._notice)) this._notice = ''
  }

  private _onTrigger = (event: Event): void => {
    const graph = this._graph
    if (!graph || this._echoes.has(event)) return
    const source = event.composedPath().find((target) => graph.names.has(target as Element)) as GElement | undefined
    if (!source) return
    const trigger = `${graph.names.get(source)}.${event.type}`
    if (graph.byTrigger.has(trigger)) this.trigger(trigger, source, (event as CustomEvent<{ value?: unknown } | null>).detail?.value)
  }

  private _receive(message: ServerMessage): void {
    const graph = this._graph!
    switch (message.t) {
      case 'welcome':
        this.session = message.session
        if (message.resumed) return
        if (message.expired) this._notice = 'Your session on the server had ended (it expired, or the server restarted): a new one has started, from the defaults.'
        message.problems.forEach((problem) => this._showError(problem))
        this.dispatchEvent(new Event('load'))
        if (graph.byTrigger.has('load')) this.trigger('load')
        return
      case 'changed':
        for (const name of message.names) {
          this._echo(name)
          if (graph.byTrigger.has(`${name}.change`)) this.trigger(`${name}.change`)
        }
        return
      case 'update': {
        for (const [name, props] of Object.entries(message.props ?? {})) graph.elements.get(name)?.applyProps(props)
        const changed = [...message.changed ?? []]
        for (const [name, value] of Object.entries(message.values ?? {})) {
          graph.elements.get(name)?.receive(value)
          changed.push(name)
        }
        for (const [name, token] of Object.entries(message.resealed ?? {})) graph.elements.get(name)?.receive(token)
        // display: a generator's outputs are not dimmed while they stream: they stop being pending at their first update.
        const streaming = this._running.get(message.e)?.pending.get(message.l)
        for (const name of Object.keys(message.values ?? {})) {
          const at = streaming?.indexOf(graph.elements.get(name)!) ?? -1
          if (at >= 0) this._setBusy(streaming!.splice(at, 1)[0]!, -1)
        }
        // `change` fires once per event, when it is done, however many steps changed the value.
        const running = this._running.get(message.e)
        if (running) changed.forEach((name) => running.changed.add(name))
        else changed.forEach((name) => this._echo(name))
        return
      }
      case 'end': {
        const running = this._running.get(message.e)
        if (running?.ended.has(message.l)) return // a replay of what this page has seen
        running?.ended.add(message.l)
        running?.pending.get(message.l)?.forEach((element) => this._setBusy(element, -1))
        running?.pending.delete(message.l)
        const listener = graph.listeners.get(message.l)
        if (message.error !== undefined) this._showError(message.error, listener?.spec.name, listenerKey(message.l))
        this._feedback.ended(graph, message) // display
        const detail = { error: message.error, cancelled: message.cancelled === true }
        for (const type of message.cancelled ? ['then'] : ['then', message.ok ? 'success' : 'failure']) {
          listener?.element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
        }
        return
      }
      case 'error':
        // A full server closes the socket next: the connection's notice says so, and it retries.
        if (message.code !== 'full') this._showError(message.message)
        if (message.e !== undefined) this._finish(message.e)
        return
      case 'done':
        this._finish(message.e)
        return
      // display: ctx.info / ctx.warning, and ctx.progress of a listener still running
      case 'toast':
        this._feedback.toast(message)
        return
      case 'progress': {
        const running = this._running.get(message.e)
        if (running && !running.ended.has(message.l)) this._feedback.progress(graph, message)
        return
      }
    }
  }

  /** Fires `change` on an element whose value changed on the server; its listeners ran, or run, there. */
  private _echo(name: string): void {
    const change = new Event('change', { bubbles: true, composed: true })
    this._echoes.add(change)
    this._graph!.elements.get(name)?.dispatchEvent(change)
  }

  /** The event is over: what it still held busy is free, and the names it changed fire `change`. */
  private _finish(event: number): void {
    const running = this._running.get(event)
    if (!running) return
    this._running.delete(event)
    this._feedback.finished(event) // display
    for (const outputs of running.pending.values()) outputs.forEach((element) => this._setBusy(element, -1))
    running.changed.forEach((name) => this._echo(name))
  }

  private _setBusy(element: GElement, delta: number): void {
    const count = (this._busy.get(element) ?? 0) + delta
    if (count > 0) this._busy.set(element, count)
    else this._busy.delete(element)
    element.pending = count > 0
  }

  private _showError(message: string, listener?: string, key?: string): void {
    // The page and the server both check the page's declarations: the toasts show a mistake once.
    this._feedback.toasts?.show('error', message, key) // display
    const detail: GErrorDetail = listener === undefined ? { message } : { message, listener }
    this.dispatchEvent(new CustomEvent('g-error', { detail, bubbles: true, composed: true }))
  }
}

/** Whether the page holds the element's value (controls and browser states), so that events carry it. */
function carriesValue(element: GElement): boolean {
  const role = (element.constructor as typeof GElement).role
  return role === 'control' || role === 'browser'
}

declare global {
  interface HTMLElementTagNameMap {
    'g-app': GApp
  }
  interface HTMLElementEventMap {
    'g-error': CustomEvent<GErrorDetail>
  }
}

