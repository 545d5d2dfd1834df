import { html } from 'lit'
import { readStored, writeStored } from './storage.js'
import type { ChatFile } from './chat-files.js'

/** One message of the chat. */
export interface ChatTurnMessage {
  role: string
  content: unknown
  metadata?: { title?: string; status?: string }
}

/** What the element asks the server for (its value in an event). */
export type ChatAction =
  | { op: 'send'; text: string; files?: ChatFile[] }
  | { op: 'edit'; index: number; text: string; files?: ChatFile[] }
  | { op: 'retry' | 'undo' | 'clear' | 'restore' }

/** One saved conversation of a `<g-chat-interface conversations>`: its history is a browser state of its own key. */
export interface Conversation {
  id: string
  title: string
}

/**
 * The list of a chat's conversations, kept as plain JSON in localStorage (titles and ids only:
 * each conversation's messages are sealed in their own browser state, under {@link historyKey}).
 */
export class Conversations {
  list: Conversation[]
  current: string

  constructor(private key: string) {
    const stored = parse(readStored(key))
    this.list = stored?.list ?? []
    this.current = stored?.current ?? ''
    if (!this.list.some((c) => c.id === this.current)) this.create()
  }

  /** The localStorage key of a conversation's sealed history. */
  historyKey(id = this.current): string {
    return `${this.key} ${id}`
  }

  /** Starts an empty conversation and makes it the current one (an empty current one is reused). */
  create(): void {
    const empty = this.list.find((c) => c.id === this.current && !c.title)
    if (!empty) this.list.unshift({ id: Math.random().toString(36).slice(2, 10), title: '' })
    this.current = empty?.id ?? this.list[0]!.id
    this.#save()
  }

  open(id: string): void {
    if (this.list.some((c) => c.id === id)) this.current = id
    this.#save()
  }

  /** Forgets a conversation and its history; the first other one (or a new one) becomes current. */
  delete(id: string): void {
    this.list = this.list.filter((c) => c.id !== id)
    localStorage.removeItem(this.historyKey(id))
    if (this.current === id) this.current = this.list[0]?.id ?? ''
    if (!this.current) this.create()
    this.#save()
  }

  /** Names the current conversation after its first message. */
  title(text: string): void {
    const current = this.list.find((c) => c.id === this.current)
    if (current && !current.title) current.title = text.slice(0, 60)
    this.#save()
  }

  #save(): void {
    writeStored(this.key, JSON.stringify({ list: this.list, current: this.current }))
  }
}

function parse(raw: string | null): { list: Conversation[]; current: string } | undefined {
  try {
    const value = JSON.parse(raw ?? 'null') as { list?: unknown; current?: unknown } | null
    if (!value || !Array.isArray(value.list) || typeof value.current !== 'string') return undefined
    const list = value.list.filter((c): c is Conversation => typeof c?.id === 'string' && typeof c?.title === 'string')
    return { list, current: value.current }
  } catch {
    return undefined
  }
}

/** The side list of a chat's conversations: New conversation, then each one (open, delete). `change` runs an act on the list. */
export function conversationList(list: Conversations, busy: boolean, change: (act: () => void) => void) {
  return html`<nav class="conversations" part="conversations" aria-label="Conversations">
    <g-button size="sm" .interactive=${!busy} @click=${() => change(() => list.create())}>New conversation</g-button>
    <ul>
      ${list.list.map((c) => {
        // A conversation is named by its first message; one not begun yet is not the New conversation button.
        const title = c.title || 'Untitled'
        return html`<li aria-current=${c.id === list.current ? 'true' : 'false'}>
          <button class="open" type="button" ?disabled=${busy} @click=${() => change(() => list.open(c.id))}>${title}</button>
          <button class="delete" type="button" aria-label=${`Delete ${title}`} ?disabled=${busy} @click=${() => change(() => list.delete(c.id))}>✕</button>
        </li>`
      })}
    </ul>
  </nav>`
}

/**
 * Declares a chat's history (`<name>:history`: a session state, or a browser state with
 * `persist`, under `storageKey` when given) and its Stop listener: elements put in the chat's
 * shadow root at once, so that they join the app in the same task as the chat (rendered later,
 * the chat's listener would name a history not there yet). Returns them.
 */
export function declareChat(root: ParentNode, name: string, persist: boolean, storageKey?: string): Element[] {
  const history = document.createElement(persist ? 'g-browser-state' : 'g-state')
  history.setAttribute('name', `${name}:history`)
  history.setAttribute('value', '[]')
  if (storageKey !== undefined) history.setAttribute('storage-key', storageKey)
  const stop = document.createElement('g-on')
  stop.setAttribute('triggers', `${name}.stop`)
  stop.setAttribute('cancels', name)
  root.append(history, stop)
  return [history, stop]
}
