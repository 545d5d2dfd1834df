import { html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import { guard } from 'lit/directives/guard.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { json } from './internal/converters.js'
import { imageUrl } from './internal/urls.js'
import { isMultimodalMessage, sentFiles } from './internal/chat-files.js'
import './g-markdown.js'
import styles from './g-chatbot.styles.js'

/** One message of a chat. */
export interface ChatMessage {
  /** Who said it: `user`, `assistant` (or `system`, or any other name). */
  role: string
  /** Markdown; or an image (an object with a `url`); or `{ text, files }` (a multimodal chat's message: its images show, and its other files' names). */
  content: unknown
  /** With a `title`, the message shows collapsed under it: a tool call or a thought (Gradio's agents). */
  metadata?: { title?: string; status?: 'pending' | 'done' }
}

/** The detail of a `like` event; `value` is what `ctx.event.value` gets. */
export interface GChatbotLikeDetail {
  value: { index: number; liked: boolean }
  index: number
  liked: boolean
}

const ROLE_NAMES: Record<string, string> = { user: 'You', assistant: 'Assistant', system: 'System' }

/**
 * A chat: an ARIA `log` named by `label` (default "Chatbot") of `{ role, content }` messages whose
 * content is Markdown (rendered and sanitized as `<g-markdown>` does). Each message reads as text
 * with its role, and has a button to copy it; with `likeable`, the assistant's messages have like
 * and dislike buttons. A message with `metadata.title` shows collapsed under its title (a tool
 * call, a thought). Streaming is cheap: when a function yields a longer last message, only that
 * message's Markdown renders again (the others' content is unchanged, so their `<g-markdown>`s do nothing).
 *
 * @summary A chat: messages with Markdown content.
 * @fires change - A function changed the messages (once per event).
 * @fires like - The user liked or disliked a message; `ctx.event.value` is `{ index, liked }`.
 * @csspart label - The label, shown above the log when there is one.
 * @csspart log - The scrolling list of messages.
 * @csspart message - One message (also `message-user`, `message-assistant`).
 * @csspart bubble - The message's text.
 * @csspart avatar - A message's avatar image.
 * @csspart thought - A collapsed message (one with `metadata.title`).
 * @csspart actions - The buttons under a message.
 * @csspart copy - The copy button.
 * @csspart like - The like button.
 * @csspart dislike - The dislike button.
 * @cssprop --g-chatbot-height - Height of the log (default 28rem).
 * @cssprop --g-chat-user-bg - Background of the user's messages.
 * @cssprop --g-chat-assistant-bg - Background of the other messages.
 */
@customElement('g-chatbot')
export class GChatbot extends GElement {
  static override jsonAttributes = ['value', 'avatars']
  static override styles = [...GElement.styles, styles]

  /** The messages (the attribute is JSON). A message renders again when it is a new object: give a changed message as a copy, not changed in place. */
  @property({ converter: json }) value: ChatMessage[] = []
  /** Avatar images of the user and the assistant: a JSON pair of URLs, either may be null. */
  @property({ converter: json }) avatars?: [string | null, string | null]
  /** Shows like and dislike buttons on the assistant's messages. */
  @property({ type: Boolean, reflect: true }) likeable = false

  /** Whether the messages' styles (a lazy chunk) are adopted: messages show only then. */
  @state() private _styled = false
  #styling?: Promise<void>
  @state() private _liked = new Map<number, boolean>()
  @state() private _copied = -1
  @query('[part=log]') private _log!: HTMLElement
  /** Whether the log is scrolled to its end: then it follows new content. Kept on scroll, so that an update never reads layout. */
  private _following = true

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this._styled && Array.isArray(this.value) && this.value.length) this.#styling ??= this.#adoptMessageStyles()
    // Likes belong to messages: when the conversation shrinks or is another one, those of the messages gone go.
    const before = changed.get('value') as ChatMessage[] | undefined
    if (this._liked.size && Array.isArray(before) && Array.isArray(this.value)) {
      const another = JSON.stringify(this.value[0]) !== JSON.stringify(before[0])
      if (another) this._liked = new Map()
      else if (this.value.length < before.length) this._liked = new Map([...this._liked].filter(([index]) => index < this.value.length))
    }
  }

  /** Resolves once the messages' styles are in and the newest messages rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete()
    while (this.#styling && !this._styled) {
      await this.#styling
      done = await super.getUpdateComplete()
    }
    return done
  }

  protected override render() {
    // Field layer (elements/internal/field*): its label + info + error template takes over this label when it lands.
    const messages = Array.isArray(this.value) ? this.value.filter(isMessage) : []
    const typing = this.pending && messages.at(-1)?.role === 'user'
    const streaming = this.pending && !typing ? messages.length - 1 : -1
    return html`${this.label ? html`<span part="label" class="label">${this.label}</span>` : nothing}
      <div part="log" class="log" role="log" aria-label=${this.label || 'Chatbot'} aria-busy=${this.pending ? 'true' : 'false'} tabindex="0" @scroll=${this.#onScroll}>
        ${messages.length ? nothing : html`<p class="empty">No messages yet</p>`}
        ${(this._styled ? messages : []).map((message, index) =>
          // A streamed reply changes only its own message (the others keep their identity): they are not rendered again.
          guard([message, index, this._liked.get(index), this._copied === index, this.avatars, this.likeable, streaming === index], () => this._message(message, index, streaming === index)),
        )}
        ${typing && this._styled ? html`<div class="typing" part="typing" aria-label="Assistant is typing"><span></span><span></span><span></span></div>` : nothing}
      </div>`
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    // The messages show once their styles are in: a long history opens at its end too.
    if (!(changed.has('value') || changed.has('_styled' as keyof GChatbot)) || !this._following) return
    // Markdown renders after this update: scroll once the last message has its height.
    const last = [...this.renderRoot.querySelectorAll('g-markdown')].at(-1)
    void Promise.resolve(last?.updateComplete).then(() => this._log.scrollTo({ top: this._log.scrollHeight }))
  }

  private _message(message: ChatMessage, index: number, streaming: boolean): TemplateResult {
    const role = message.role
    const name = ROLE_NAMES[role] ?? role.charAt(0).toUpperCase() + role.slice(1)
    const avatar = imageUrl(role === 'user' ? this.avatars?.[0] : this.avatars?.[1])
    const content = this._content(message)
    const title = message.metadata?.title
    const liked = this._liked.get(index)
    return html`<div part="message message-${role === 'user' ? 'user' : 'assistant'}" class="message ${role === 'user' ? 'user' : 'other'}">
      ${avatar ? html`<img part="avatar" class="avatar" src=${avatar} alt="" />` : nothing}
      <div class="body">
        <div part="bubble" class="bubble ${title ? 'titled' : ''}">
          <span class="visually-hidden">${name}: </span>
          ${title
            ? html`<details part="thought">
                <summary>${message.metadata?.status === 'pending' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${title}</summary>
                ${content}
              </details>`
            : content}
        </div>
        <div part="actions" class="actions ${streaming ? 'streaming' : ''}">
          <button part="copy" type="button" aria-label=${this._copied === index ? 'Copied' : 'Copy message'} title="Copy" @click=${() => this._copy(message, index)}>
            ${this._copied === index ? CHECK : COPY}
          </button>
          ${this.likeable && role !== 'user'
            ? html`<button part="like" type="button" aria-label="Like" aria-pressed=${liked === true ? 'true' : 'false'} @click=${() => this._like(index, true)}>${THUMB}</button>
                <button part="dislike" type="button" aria-label="Dislike" aria-pressed=${liked === false ? 'true' : 'false'} @click=${() => this._like(index, false)}>
                  ${THUMB}
                </button>`
            : nothing}
        </div>
      </div>
    </div>`
  }

  #onScroll = (): void => {
    const log = this._log
    this._following = log.scrollTop + log.clientHeight >= log.scrollHeight - 24
  }

  async #adoptMessageStyles(): Promise<void> {
    try {
      const { chatbotCss } = await import('./internal/lazy/chatbot.styles.js')
      if (!messageSheet) (messageSheet = new CSSStyleSheet()).replaceSync(chatbotCss)
      const root = this.shadowRoot
      if (root && !root.adoptedStyleSheets.includes(messageSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, messageSheet]
    } catch {
      // The chunk could not load (the server went away): the messages show unstyled rather than not at all.
    }
    this._styled = true
  }

  private _content(message: ChatMessage): TemplateResult {
    if (typeof message.content === 'string') return html`<g-markdown .value=${message.content}></g-markdown>`
    if (isMultimodalMessage(message.content)) return sentFiles(message.content)
    const image = imageUrl(message.content)
    if (image) return html`<img class="image" src=${image} alt=${String((message.content as { alt?: unknown }).alt ?? '')} />`
    return html`<g-markdown .value=${message.content == null ? '' : JSON.stringify(message.content)}></g-markdown>`
  }

  private async _copy(message: ChatMessage, index: number): Promise<void> {
    const content = message.content
    const text = typeof content === 'string' ? content : isMultimodalMessage(content) ? content.text : (imageUrl(content) ?? JSON.stringify(content))
    await navigator.clipboard.writeText(text)
    this._copied = index
    setTimeout(() => {
      if (this._copied === index) this._copied = -1
    }, 1500)
  }

  private async _like(index: number, liked: boolean): Promise<void> {
    const liking = this._liked.get(index) !== liked
    const next = new Map(this._liked)
    if (liking) next.set(index, liked)
    else next.delete(index)
    this._liked = next
    await this.updateComplete
    if (!liking) return // pressing a pressed button takes the rating back: nothing to tell
    const detail: GChatbotLikeDetail = { value: { index, liked }, index, liked }
    this.dispatchEvent(new CustomEvent('like', { detail, bubbles: true, composed: true }))
  }
}

let messageSheet: CSSStyleSheet | undefined

function isMessage(value: unknown): value is ChatMessage {
  return typeof value === 'object' && value !== null && typeof (value as ChatMessage).role === 'string'
}

const icon = (path: SVGTemplateResult) => html`<svg viewBox="0 0 16 16" aria-hidden="true">${path}</svg>`
const COPY = icon(svg`<rect x="5.5" y="5.5" width="8" height="8" rx="1.5" /><path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />`)
const CHECK = icon(svg`<path d="M3 8.5l3 3 7-7" />`)
const THUMB = icon(svg`<path d="M5 7.5v6.5H2.5V7.5zM5 7.5l2.5-5.5a1.75 1.75 0 0 1 1.75 1.75V6h3.6a1.5 1.5 0 0 1 1.47 1.8l-1 4.9A1.5 1.5 0 0 1 11.85 14H5" />`)

declare global {
  interface HTMLElementTagNameMap {
    'g-chatbot': GChatbot
  }
}
