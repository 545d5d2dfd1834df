/**
 * The wire protocol between a page's `<g-app>` and the server: one WebSocket per app per page
 * load, JSON text frames. The browser sends one message per frame; the server sends an array of
 * messages per frame, so that one event's results travel together.
 *
 * This module is shared by both sides and imports nothing.
 */

export const PROTOCOL_VERSION = 1

/** Path of the WebSocket, under the app's base path. */
export const SOCKET_PATH = 'g/ws'

/** A listener as the page declares it (`<g-on>` or a shorthand `fn` on an element). */
export interface ListenerSpec {
  /** The listener's id, which the page gives it and never reuses in a page load; results name it. */
  id: number
  /** Name other listeners use to follow it (`name.then`, `name.success`, `name.failure`). */
  name?: string
  /** `element.trigger` strings, or `load` for the app's load. */
  triggers: string[]
  /** The server function to run; a listener without one only cancels. */
  fn?: string
  inputs: string[]
  outputs: string[]
  /** Names of listeners whose running events this one cancels. */
  cancels?: string[]
  /** `chat`: the function is a chat's (`<g-chat-interface>`), called through the server's chat adapter. */
  via?: 'chat'
}

/** A `<g-state>` as the page declares it. */
export interface StateSpec {
  name: string
  /** The page's default (JSON); a server-declared default wins. */
  value?: unknown
  /** Seconds after its last write at which the state resets to its default. */
  ttl?: number
}

/** A `<g-browser-state>` as the page declares it. */
export interface BrowserStateSpec {
  name: string
  /** The default (JSON), used while the browser holds no value. */
  value?: unknown
  /** Its localStorage key; sealed tokens are bound to it. */
  key: string
  /** Readable JSON in the browser instead of a sealed token. */
  plain?: boolean
}

/** Everything the page declares: its states, its value-holding controls, its listeners. */
export interface AppGraph {
  states: StateSpec[]
  /** States kept in the browser. Their values travel in events as controls' do: a sealed token, or JSON when plain. */
  browser?: BrowserStateSpec[]
  /** Names of the server's globals the page shows (`<g-global-state>`): it hears their changes. */
  globals?: string[]
  /** Names of controls (textboxes, numbers, …) whose values live in the page. */
  controls: string[]
  /**
   * The kind of each control, as its tag without `g-` (`textbox`, `number`, …), so that the server
   * can tell a function's author that a value is nothing the control can show (an array into a textbox).
   */
  kinds?: Record<string, string>
  listeners: ListenerSpec[]
}

/** Properties of an output that a function may change besides its value (`update()`). */
export interface OutputProps {
  visible?: boolean
  label?: string
  interactive?: boolean
  choices?: unknown[]
  info?: string
}

// --- browser → server ---

export interface HelloMessage {
  t: 'hello'
  v: number
  graph: AppGraph
  /** The resume token of the session this page had before its connection dropped. */
  resume?: string
}

export interface EventMessage {
  t: 'event'
  /** Increasing per page; results and errors name it. */
  id: number
  /** `element.trigger`, or `load`. */
  trigger: string
  /** Current values of the controls the event's listeners may read or compare. */
  values: Record<string, unknown>
  /** The value of the element that started the event (a button's `value`). */
  data?: unknown
  /** The highest event id whose `done` the page has received: the server may forget those results. */
  ack?: number
}

export interface CancelMessage {
  t: 'cancel'
  /** Names of listeners whose running or queued events stop. */
  listeners: string[]
}

/** Asks for a `pong`: the page checks that the connection is alive. */
export interface PingMessage {
  t: 'ping'
  /** As in events: the highest event id whose `done` the page has received. */
  ack?: number
}

/**
 * Elements joined the page's app after its hello (added by a script, a framework or a render):
 * their declarations, as a fragment of an app. The elements of one task travel in one message.
 */
export interface AddMessage {
  t: 'add'
  graph: AppGraph
}

/** Elements left the page's app: the ids of their listeners, and the names they declared (one entry each). */
export interface RemoveMessage {
  t: 'remove'
  listeners: number[]
  names: string[]
}

export type ClientMessage = HelloMessage | EventMessage | CancelMessage | PingMessage | AddMessage | RemoveMessage

// --- server → browser ---

export interface WelcomeMessage {
  t: 'welcome'
  /** The session's id: opaque, and no key to anything. */
  session: string
  /** The page's key to resume this session after a dropped connection: keep it private. */
  resume: string
  /** Whether this is the session the page asked to resume. */
  resumed: boolean
  /** The page asked to resume a session that is gone (expired, or the server restarted). */
  expired?: true
  /** Mistakes found in the page's declarations, each naming the problem. */
  problems: string[]
}

/** One step of a listener: what a return or a `yield` changed. State values never travel. */
export interface UpdateMessage {
  t: 'update'
  /** The event. */
  e: number
  /** The listener. */
  l: number
  /** New values of controls. */
  values?: Record<string, unknown>
  props?: Record<string, OutputProps>
  /** Names of states whose value really changed. */
  changed?: string[]
  /** Browser states sealed anew without a change (an older secret's token, renewed with the newest). */
  resealed?: Record<string, string>
  /** Controls whose value only grew at one string (a streamed reply): the text to add at `path` in the value the page holds. */
  append?: Record<string, { path: Array<string | number>; text: string }>
}

/** A listener finished, well or not. */
export interface EndMessage {
  t: 'end'
  e: number
  l: number
  ok: boolean
  /** The user cancelled it (a listener with `cancels`): not an error to show. */
  cancelled?: true
  /** What to show the user when it failed. */
  error?: string
}

/** Every listener the event started has finished. */
export interface DoneMessage {
  t: 'done'
  e: number
}

/** States changed outside any event of the page (a `ttl` ran out): their `change` listeners are the page's to start. */
export interface ChangedMessage {
  t: 'changed'
  names: string[]
}

/** A frame the server could not act on at all. An error that names an event ends that event. */
export interface ErrorMessage {
  t: 'error'
  e?: number
  /**
   * `full`: the server has no room for another session now. `origin`: the page's origin is not
   * in the server's `origins` (the socket closes next, with code 4003: retrying cannot help).
   */
  code?: 'full' | 'origin'
  message: string
}

export interface PongMessage {
  t: 'pong'
}

/** The server took an `add` (or the whole app of a resumed page): the mistakes in what it added, each naming the problem. */
export interface AddedMessage {
  t: 'added'
  problems: string[]
}

/** A notice a function gave the user (`ctx.info`, `ctx.warning`): the page shows it as a toast. */
export interface ToastMessage {
  t: 'toast'
  level: 'info' | 'warning'
  message: string
}

/** How far a running listener is (`ctx.progress`): the page shows it on the listener's outputs until it ends. */
export interface ProgressMessage {
  t: 'progress'
  e: number
  l: number
  /** From 0 to 1. */
  fraction: number
  description?: string
}

export type ServerMessage = WelcomeMessage | UpdateMessage | EndMessage | DoneMessage | ChangedMessage | ErrorMessage | PongMessage | AddedMessage | ToastMessage | ProgressMessage

// --- a multimodal chat's message, as the page sends it and `fn` gets it ---

/** A file attached to a message of a `multimodal` chat: read in the browser, its bytes a `data:` URL. */
export interface ChatFile {
  name: string
  type: string
  size: number
  url: string
}

/** The message of a `multimodal` chat, as `fn` gets it and as the history keeps it. */
export interface MultimodalMessage {
  text: string
  files: ChatFile[]
}

// --- the graph, as both sides read it ---

/** The triggers a listener's run can fire: its outputs' `change`, and its own `.then`/`.success`/`.failure`. */
export function triggersAfter(l: ListenerSpec): string[] {
  const triggers = l.outputs.map((name) => `${name}.change`)
  if (l.name) triggers.push(`${l.name}.then`, `${l.name}.success`, `${l.name}.failure`)
  return triggers
}

/** The listeners of `triggers`, and every listener that may follow them, directly or not. */
export function listenersReached(byTrigger: ReadonlyMap<string, readonly ListenerSpec[]>, triggers: readonly string[]): Set<ListenerSpec> {
  const found = new Set<ListenerSpec>()
  const stack = [...triggers]
  while (stack.length) {
    for (const listener of byTrigger.get(stack.pop()!) ?? []) {
      if (!found.has(listener)) found.add(listener) && stack.push(...triggersAfter(listener))
    }
  }
  return found
}
