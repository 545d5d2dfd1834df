import { LitElement, html } from 'lit'
import { property, state } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { SOCKET_PATH, type EndMessage, type WelcomeMessage } from '../server/protocol.js'
import { AppClient } from './client/app-client.js'
import { socketUrl } from './internal/server-url.js'
import { PageGraph } from './internal/page-graph.js'
import { describeActions, SessionMarks } from './internal/session-marks.js'
import type { GElement } from './internal/g-element.js'
import { AppTriggers } from './internal/app-triggers.js'
import { AppMembers } from './internal/app-members.js'
import { Busy } from './internal/busy.js'
import { AppNotice } from './internal/notices.js'
import styles from './g-app.styles.js'
import { AppFeedback, listenerKey } from './internal/app-feedback.js' // display: toasts, progress
import { toastStyles } from './internal/g-toasts.styles.js'
import './internal/g-toasts.js'
import { lazyDefined, undefinedTags } from './internal/lazy-elements.js'

/** The detail of a `g-error` event. */
export interface GErrorDetail {
  message: string
  /** The name of the listener that failed, if it has one. */
  listener?: string
}

/**
 * An app: the g-* elements inside it, one session on the server per page load. It connects to
 * the server that served kit.js unless `server` says otherwise, sends each trigger of its
 * elements as an event, and applies what the server's functions return. It is alive: elements
 * join it when they connect inside it and leave when they disconnect, at any time. While an event runs, the
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

  /** The colour theme: `light`, `dark`, or (absent) the system's preference. Its elements follow it. */
  @property({ reflect: true }) theme?: 'light' | 'dark'
  /** Base URL of the g-kit server; by default the server that served kit.js. */
  @property() server?: string
  /** The session id the server gave this page load (opaque). */
  @state() session?: string

  private _graph?: PageGraph
  private _client?: AppClient
  /** Where the app's socket connects, once the app has started. */
  private _socketUrl?: string
  /** display: toasts, progress bars and errors at outputs. */
  private _feedback = new AppFeedback(() => this.renderRoot)
  private _busy = new Busy()
  private _triggers = new AppTriggers(this, () => this._graph)
  private _members = new AppMembers(this, () => this._graph, (joining, leaving) => this._changeApp(joining, leaving))
  private _marks = new SessionMarks()
  private _notice = new AppNotice(this)

  override connectedCallback(): void {
    super.connectedCallback()
    void this._start()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this._client?.close()
    this._client = undefined
    this._graph = undefined
  }

  /** Starts an event as if `trigger` (such as `add.click`) had fired. */
  trigger(trigger: string, source?: GElement, eventValue?: unknown): boolean {
    this._openSocket()
    const graph = this._graph
    const client = this._client
    if (!graph || !client) return false
    const direct = graph.byTrigger.get(trigger) ?? []
    client.cancel(direct.flatMap((l) => l.cancels ?? []))
    if (!direct.some((l) => l.fn)) return false
    this._notice.acted()
    const values = graph.valuesFor(trigger)
    const outputs = new Map(graph.reachableListeners(trigger).map((l) => [l.id, l.outputs.flatMap((name) => graph.elements.get(name) ?? [])]))
    const busy = this._busy.start(outputs)
    /** The names whose value changed: they fire `change` when the event is over. */
    const changed = new Set<string>()
    /** The listeners whose `end` came. */
    const ended = new Set<number>()
    // display: a trigger event's `detail.value` (a like's message index) is its ctx.event.value; else the element's value.
    const data = eventValue !== undefined ? eventValue : source && 'value' in source ? source.value : undefined
    const id = client.event(trigger, values, data, {
      update: (message) => {
        this._marks.applyUpdate(graph, message, changed)
        // display: a generator's outputs are not dimmed while they stream: they stop being pending at their first update.
        busy.updated(message.l, Object.keys(message.values ?? {}).flatMap((name) => graph.elements.get(name) ?? []))
      },
      end: (message) => {
        ended.add(message.l)
        busy.ended(message.l)
        this._ended(message)
        this._feedback.ended(graph, message) // display
      },
      progress: (message) => this._feedback.progress(graph, message), // display
      finish: ({ error }) => {
        busy.finished()
        this._feedback.finished(id) // display
        if (error !== undefined) this._showError(error)
        changed.forEach((name) => this._triggers.echo(name))
        // The event ended without its listeners' own ends (the session was lost, the event was refused):
        // their elements still hear `then`, so that what waits on it (a chat's Stop) does not wait for ever.
        for (const l of direct) {
          if (!l.fn || ended.has(l.id)) continue
          this._ended({ t: 'end', e: id, l: l.id, ok: false, cancelled: true })
        }
      },
    })
    return true
  }

  protected override render() {
    return html`
      <slot></slot>
      ${this._notice.render()}
      <g-toasts></g-toasts>
    `
  }

  private async _start(): Promise<void> {
    // Every element of the bundle is defined in the same task as g-app (or by a chunk that kit.js
    // is loading, awaited here), so one microtask later the children are upgraded; a g-* tag still
    // undefined then is not an element of the kit.
    await Promise.resolve()
    if (!this.isConnected || this._graph) return
    const lazy = lazyDefined(this)
    if (lazy) {
      await lazy
      if (!this.isConnected || this._graph) return
    }
    undefinedTags(this).forEach((problem) => this._showError(problem))
    let url: string
    try {
      url = socketUrl(this, SOCKET_PATH)
    } catch (error) {
      return this._showError((error as Error).message)
    }
    this._graph = new PageGraph(url)
    this._members.look()
    // The socket shows nothing: it opens a task later, after the elements' first render (the
    // page's load does not wait for it), or at once if a trigger comes first (_openSocket).
    this._socketUrl = url
    setTimeout(() => this._openSocket())
  }

  /** Opens the app's socket, once its page graph is built; its hello declares the graph. */
  private _openSocket(): void {
    const graph = this._graph
    const url = this._socketUrl
    if (this._client || !graph || !url || !this.isConnected) return
    this._client = new AppClient(url, {
      app: () => graph.spec,
      status: (status, detail) => this._notice.status(status, detail),
      welcome: (message) => this._welcome(message),
      lost: (events) => {
        this._notice.lost(describeActions(graph, events))
        this._marks.restore()
      },
      changed: (names) => {
        for (const name of names) {
          this._triggers.echo(name)
          if (graph.byTrigger.has(`${name}.change`)) this.trigger(`${name}.change`)
        }
      },
      problems: (problems) => problems.forEach((problem) => this._showError(problem)),
      toast: (message) => this._feedback.toast(message), // display: ctx.info, ctx.warning
      // A full server closes the socket next: the connection's notice says so, and it retries.
      error: (message, code) => code === 'full' || code === 'origin' || this._showError(message),
    })
  }

  /** Elements joined and left the app (once per task): the server hears of it in one message each. */
  private _changeApp(joining: GElement[], leaving: GElement[]): void {
    const graph = this._graph
    if (!graph) return
    const { removed } = graph.leave(leaving)
    const { added, problems } = graph.join(joining)
    problems.forEach((problem) => this._showError(problem))
    if (!this._client) return // the hello says it all
    if (removed) this._client.remove(removed.listeners, removed.names)
    if (added && joining.length) this._client.add(added)
    // An element that listens to its own `load` (a render) and joins a running app loads now.
    if (!this.session) return
    for (const element of joining) {
      const own = `${graph.names.get(element)}.load`
      if (graph.byTrigger.has(own)) this.trigger(own, element)
    }
  }

  private _welcome(message: WelcomeMessage): void {
    this.session = message.session
    if (message.resumed) return
    this._notice.welcomed(message.expired)
    message.problems.forEach((problem) => this._showError(problem))
    this.dispatchEvent(new Event('load'))
    if (this._graph?.byTrigger.has('load')) this.trigger('load')
  }

  /** A listener ended: its element hears `then` and `success` or `failure`, unless it left the app. */
  private _ended(message: EndMessage): void {
    const listener = this._graph?.listeners.get(message.l)
    if (!listener) return // its element left: it has stopped
    if (message.error !== undefined) this._showError(message.error, listener.spec.name, listenerKey(message.l))
    this._triggers.ended(listener.element, message)
  }

  private _showError(message: string, listener?: string, key?: string): void {
    // The page and the server both check the page's declarations: the toasts show a mistake once.
    this._feedback.toasts?.show('error', message, key) // display
    const detail: GErrorDetail = listener === undefined ? { message } : { message, listener }
    this.dispatchEvent(new CustomEvent('g-error', { detail, bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-app': GApp
  }
  interface HTMLElementEventMap {
    'g-error': CustomEvent<GErrorDetail>
  }
}

