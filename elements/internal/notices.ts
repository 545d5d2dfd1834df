import { html, type ReactiveController, type ReactiveControllerHost } from 'lit'
import type { ConnectionStatus } from '../client/connection.js'

/**
 * What `<g-app>` tells the user about its connection and its session, if anything: one line in a
 * `status` region, `part="status"`.
 */
export class AppNotice implements ReactiveController {
  #text = ''
  #connected = false
  /** The user's actions that a lost session did not do, to name when the new one starts. */
  #notDone: string[] = []

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostConnected(): void {}

  get text(): string {
    return this.#text
  }

  status(status: ConnectionStatus, detail?: string): void {
    this.#connected = status === 'open'
    this.#show(statusNotice(status, detail, this.#text))
  }

  /** The session was lost with these actions not done. */
  lost(notDone: string[]): void {
    this.#notDone = notDone
  }

  /** A session started: if it replaced an expired one, the user hears which actions were not done. */
  welcomed(expired: boolean | undefined): void {
    if (expired) this.#show(lostSessionNotice(this.#notDone.splice(0)))
  }

  /** The user acted while connected: a notice about an earlier problem has done its job. */
  acted(): void {
    if (this.#connected) this.#show('')
  }

  render() {
    return html`<div part="status" role="status" ?hidden=${!this.#text}>${this.#text}</div>`
  }

  #show(text: string): void {
    if (text === this.#text) return
    this.#text = text
    this.host.requestUpdate()
  }
}

/** What `<g-app>` tells the user about its connection, given what it tells now. */
export function statusNotice(status: ConnectionStatus, detail: string | undefined, current: string): string {
  if (status === 'refused') return `This app cannot reach its server: ${detail ?? 'the server refused this page'}.`
  if (status === 'reconnecting' && detail === 'server full') return 'The server is full right now. Retrying…'
  if (status === 'reconnecting') return `Disconnected from the server${detail ? `: ${detail}` : ''}. Reconnecting…`
  if (status === 'open' && /^(Disconnected|The server is full)/.test(current)) return ''
  return current
}

/** What `<g-app>` tells the user when its session was gone and a new one started, naming the actions not done. */
export function lostSessionNotice(notDone: readonly string[]): string {
  const actions = notDone.length ? ` Not done: ${notDone.join(', ')}; do it again if you still want it.` : ''
  return `Your session on the server had ended (it expired, or the server restarted): a new one has started, from the defaults.${actions}`
}
