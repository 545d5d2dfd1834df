import { html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { ListenerSpec } from '../server/protocol.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { splitNames } from './internal/declarations.js'
import { json } from './internal/converters.js'
import { fire } from './internal/app-link.js'
import { Conversations, conversationList, declareChat, type ChatAction, type ChatTurnMessage } from './internal/chat-parts.js'
import { Composer } from './internal/chat-composer.js'
import './g-chatbot.js'
import './g-button.js'
import './g-on.js'
import './g-state.js'
import './g-browser-state.js'
import styles from './g-chat-interface.styles.js'

let unnamed = 0

/**
 * A chatbot around one server function, as Gradio's `ChatInterface`: a `<g-chatbot>` (an ARIA
 * `log` named by `label`), a **Message** box (Enter sends, Shift+Enter starts a new line) and
 * buttons **Submit**, **Stop** (while a reply streams), **Retry**, **Undo** and **Clear**. The
 * element keeps the history (`{ role, content }` messages) in session state itself, as
 * `<name>:history`; with `persist`, in sealed browser state, so that a reload or a browser restart
 * shows it; with `persist` and `conversations`, several conversations in a side list.
 *
 * `fn(message, history, ...additional, ctx)` returns or streams (a generator, sync or async) the
 * reply: a string, a `{ role, content, metadata? }` message, or a list of them (a message with
 * `metadata.title` shows collapsed: a tool call, a thought). Each step of a stream sends only what
 * was added. Stop ends the generator and keeps what arrived; Retry answers the last message
 * again; Undo takes back the last exchange and puts its message back in the box; a double click
 * on a message you sent (or ArrowUp in an empty box) edits it, and the chat goes on from there.
 *
 * With `multimodal`, files join a message (an **Attach** button, or dropped or pasted into the
 * box), read in the browser up to `max-file-bytes` together; `fn` then gets `{ text, files }`,
 * each file `{ name, type, size, url }` with a `data:` URL, and the message shows its images and
 * the names of its other files.
 *
 * @summary A chatbot that keeps its own history.
 * @fires like - The user liked or disliked a reply; `ctx.event.value` is `{ index, liked }`.
 * @csspart chatbot - The `<g-chatbot>`.
 * @csspart message - The Message box.
 * @csspart buttons - The row of buttons.
 * @csspart examples - The starter messages.
 * @csspart conversations - The side list of conversations.
 * @csspart attached - The files attached to the message being written (with `multimodal`).
 */
@customElement('g-chat-interface')
export class GChatInterface extends GElement {
  static override styles = [...GElement.styles, styles]
  static override shorthandTrigger = 'submit'
  static override jsonAttributes = ['examples']

  /** The messages; the server sends them. A streamed reply renders at most once per animation frame, however fast its chunks come. */
  get value(): ChatTurnMessage[] {
    return this.#value
  }
  set value(value: ChatTurnMessage[]) {
    this.#value = value
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0
      this.requestUpdate()
    })
  }
  /** The Message box's placeholder. */
  @property() placeholder = 'Type a message…'
  /** Keeps the history in sealed browser state instead of session state. */
  @property({ type: Boolean }) persist = false
  /** With `persist`: several conversations, listed beside the chat. */
  @property({ type: Boolean }) conversations = false
  /** Starter messages (a JSON list of strings), shown while the chat is empty. */
  @property({ converter: json }) examples: string[] = []
  /** Names of other elements whose values `fn` takes after the history. */
  @property({ attribute: 'additional-inputs' }) additionalInputs?: string
  /** A message is `{ text, files }`: files are attached with the Attach button, or dropped or pasted into the box. */
  @property({ type: Boolean }) multimodal = false
  /** With `multimodal`: the most bytes the files of one message may hold together (the server's frame bound applies too). */
  @property({ type: Number, attribute: 'max-file-bytes' }) maxFileBytes = 512 * 1024

  @state() private _streaming = false
  @state() private _list?: Conversations
  #action?: ChatAction
  #value: ChatTurnMessage[] = []
  #frame = 0
  #declared?: { key: string; nodes: Element[] }
  readonly #composer = new Composer(this)

  /** The action of the event being sent; a chat that joins asks for its history. */
  override get wireValue(): unknown {
    return this.#action ?? { op: 'restore' }
  }

  /** Takes the messages the server sent. */
  override receive(value: unknown): void {
    this.value = Array.isArray(value) ? (value as ChatTurnMessage[]) : []
  }

  /** Its listener: the chat adapter with the element's own history, cancelled by Stop. */
  adjustListener(spec: ListenerSpec, source: string): void {
    const history = `${source}:history`
    spec.name = source
    spec.via = 'chat'
    spec.inputs = [source, history, ...splitNames(this.additionalInputs)]
    spec.outputs = [source, history]
    if (this.persist) spec.triggers.push(`${source}.load`, 'load')
  }

  override connectedCallback(): void {
    // The history is named after the chat, so the chat needs its name before its first render.
    if (!this.name) this.name = unnamed++ ? `chat-${unnamed}` : 'chat'
    if (this.persist && this.conversations) this._list ??= new Conversations(`g-kit chats ${location.pathname} ${this.name}`)
    super.connectedCallback()
    this.#declare()
    this.addEventListener('then', this.#onThen)
    this.renderRoot.addEventListener('like', this.#onLike)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.removeEventListener('then', this.#onThen)
  }

  /** Sends `text` (the box's text by default), or the edit of a past message. */
  send(text = this.#composer.box?.value ?? ''): void {
    const files = this.#composer.files
    if ((!text.trim() && !files?.length) || this._streaming) return
    const editing = this.#composer.reset()
    this._list?.title(text || (files?.map((file) => file.name).join(', ') ?? ''))
    this.#run(editing === undefined ? { op: 'send', text, files } : { op: 'edit', index: editing, text, files })
  }

  retry(): void {
    this.#run({ op: 'retry' })
  }

  /** Takes back the last exchange and puts its message back in the box. */
  undo(): void {
    const last = this.value.findLast((m) => m.role === 'user')
    if (last) this.#composer.fill(last.content)
    this.#run({ op: 'undo' })
  }

  clear(): void {
    this.#composer.setEditing(undefined)
    this.#run({ op: 'clear' })
  }

  /** Puts a message you sent in the box; sending it answers it again from there. */
  edit(index: number): void {
    const message = this.value[index]
    if (message?.role !== 'user' || this._streaming) return
    this.#composer.setEditing(index)
    this.#composer.fill(message.content)
    this.#composer.box?.focus()
  }

  stop(): void {
    fire(this, this.name, 'stop')
  }

  protected override render() {
    const empty = this.value.length === 0
    const busy = this._streaming
    return html`<div class="layout">${this._list ? conversationList(this._list, this._streaming, (act) => void this.#switch(act)) : nothing}
      <div class="main">
        <g-chatbot part="chatbot" label=${this.label || 'Chatbot'} likeable .value=${this.value} ?pending=${busy} @dblclick=${this.#onDoubleClick}></g-chatbot>
        ${empty && this.examples.length
          ? html`<div class="starters" part="examples">${this.examples.map((text) => html`<g-button size="sm" @click=${() => this.send(text)}>${text}</g-button>`)}</div>`
          : nothing}
        ${this.#composer.render(busy, empty)}
      </div></div>`
  }

  /** Declares the history and the Stop listener (see {@link declareChat}); again when the conversation changes. */
  #declare(): void {
    const key = JSON.stringify([this.name, this.persist, this._list?.historyKey()])
    if (this.#declared?.key === key) return
    this.#declared?.nodes.forEach((node) => node.remove())
    this.#declared = { key, nodes: declareChat(this.renderRoot, this.name!, this.persist, this._list?.historyKey()) }
  }

  /** Switches conversation (`act`), then asks for its history once its browser state has joined under its key. */
  async #switch(act: () => void): Promise<void> {
    act()
    this.value = []
    this.#composer.setEditing(undefined)
    this.#declare()
    await new Promise((resolve) => setTimeout(resolve))
    this.#run({ op: 'restore' })
  }

  #run(action: ChatAction): void {
    this.#action = action
    const started = fire(this, this.name, 'submit')
    this._streaming = started && (action.op === 'send' || action.op === 'edit' || action.op === 'retry')
    this.#action = undefined
  }

  #onDoubleClick = (event: Event): void => {
    const message = event.composedPath().find((target) => target instanceof Element && target.getAttribute('part')?.split(' ').includes('message'))
    if (!(message instanceof Element)) return
    const index = [...message.parentNode!.children].filter((el) => el.getAttribute('part')?.split(' ').includes('message')).indexOf(message)
    this.edit(index)
  }

  /** A like in the chatbot is the chat's: `<name>.like`, with `{ index, liked }` as `ctx.event.value`. */
  #onLike = (event: Event): void => {
    event.stopPropagation()
    const value = (event as CustomEvent<{ value?: unknown } | null>).detail?.value
    this.dispatchEvent(new CustomEvent('like', { detail: { value } }))
    fire(this, this.name, 'like', value)
  }

  #onThen = (event: Event): void => {
    if (event.composedPath()[0] !== this) return
    this._streaming = false
    // The reply is complete: its final text shows now, not at the next frame.
    if (this.#frame) cancelAnimationFrame(this.#frame)
    this.#frame = 0
    this.requestUpdate()
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-chat-interface': GChatInterface
  }
}
