import { html, nothing, type ReactiveControllerHost } from 'lit'
import { Attachments } from './chat-attachments.js'
import { isMultimodalMessage, type ChatFile } from './chat-files.js'
import type { ChatTurnMessage } from './chat-parts.js'

/** What the composer needs of its chat. */
interface ComposerHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment
  readonly value: ChatTurnMessage[]
  placeholder: string
  multimodal: boolean
  maxFileBytes: number
  send(): void
  retry(): void
  undo(): void
  clear(): void
  stop(): void
  edit(index: number): void
}

/**
 * Where a chat's message is written: the Message box (Enter sends, Shift+Enter starts a new line,
 * ArrowUp in an empty box edits the last message you sent, Escape cancels an edit), the files
 * attached with `multimodal`, and the buttons.
 */
export class Composer {
  readonly #attached: Attachments
  /** The index of the user message being edited, if any. */
  #editing?: number

  constructor(private host: ComposerHost) {
    this.#attached = new Attachments(host)
  }

  setEditing(index: number | undefined): void {
    this.#editing = index
    this.host.requestUpdate()
  }

  /** The Message box, once rendered. */
  get box(): HTMLTextAreaElement | null {
    return this.host.renderRoot.querySelector('textarea')
  }

  /** Empties the box and the attached files, and ends an edit; returns the index of the message that was being edited. */
  reset(): number | undefined {
    const editing = this.#editing
    this.setEditing(undefined)
    if (this.box) this.box.value = ''
    this.#attached.set([])
    return editing
  }

  /** Puts a message you sent back in the box: its text, and its files with `multimodal`. */
  fill(content: unknown): void {
    const message = isMultimodalMessage(content) ? content : undefined
    if (this.box) this.box.value = message ? message.text : typeof content === 'string' ? content : ''
    if (this.host.multimodal) this.#attached.set(message ? [...message.files] : [])
  }

  /** The files that go with the message, with `multimodal`. */
  get files(): ChatFile[] | undefined {
    return this.host.multimodal ? this.#attached.files : undefined
  }

  render(busy: boolean, empty: boolean) {
    const { host } = this
    const attached = this.#attached
    return html`<div class="composer" @dragover=${attached.onDragOver} @drop=${attached.onDrop}>
      ${this.#editing !== undefined
        ? html`<div class="editing">Editing message ${this.#editing + 1} <g-button size="sm" @click=${() => this.reset()}>Cancel edit</g-button></div>`
        : nothing}
      ${host.multimodal ? attached.render() : nothing}
      <label class="visually-hidden" for="message">Message</label>
      <textarea id="message" part="message" rows="1" placeholder=${host.placeholder} @keydown=${this.#onKey} @paste=${attached.onPaste}></textarea>
      <div class="buttons" part="buttons">
        ${host.multimodal ? attached.button(busy) : nothing}
        <g-button size="sm" .interactive=${!busy && !empty} @click=${() => host.retry()}>Retry</g-button>
        <g-button size="sm" .interactive=${!busy && !empty} @click=${() => host.undo()}>Undo</g-button>
        <g-button size="sm" .interactive=${!busy && !empty} @click=${() => host.clear()}>Clear</g-button>
        ${busy ? html`<g-button class="send" variant="stop" @click=${() => host.stop()}>Stop</g-button>` : nothing}
        <g-button class=${busy ? '' : 'send'} variant="primary" .interactive=${!busy} @click=${() => host.send()}>Submit</g-button>
      </div>
    </div>`
  }

  #onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      this.host.send()
    } else if (event.key === 'ArrowUp' && !this.box?.value) {
      const last = this.host.value.findLastIndex((m) => m.role === 'user')
      if (last >= 0) this.host.edit(last)
    } else if (event.key === 'Escape' && this.#editing !== undefined) this.reset()
  }
}
