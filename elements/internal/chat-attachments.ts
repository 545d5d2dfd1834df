import { html, nothing, type ReactiveControllerHost } from 'lit'
import { formatBytes, type ChatFile } from './chat-files.js'

// Apart from chat-files.ts: only <g-chat-interface> (a lazy chunk) attaches files, while
// <g-chatbot> (in kit.js) shows them.

/**
 * `files` read as data URLs, unless with those `attached` they would hold more than `maxBytes`:
 * then nothing is read and the error says which file did not fit.
 */
export async function readFiles(files: readonly File[], attached: readonly ChatFile[], maxBytes: number): Promise<ChatFile[]> {
  let total = attached.reduce((sum, file) => sum + file.size, 0)
  for (const file of files) {
    total += file.size
    if (total > maxBytes) {
      throw new Error(`"${file.name}" (${formatBytes(file.size)}) does not fit: the files of a message may hold ${formatBytes(maxBytes)} together`)
    }
  }
  return Promise.all(files.map(async (file) => ({ name: file.name, type: file.type, size: file.size, url: await dataUrl(file) })))
}

function dataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new Error(`"${file.name}" could not be read`))
    reader.readAsDataURL(file)
  })
}

/** What a `multimodal` chat needs of itself. */
interface MultimodalHost extends ReactiveControllerHost {
  multimodal: boolean
  maxFileBytes: number
}

/**
 * The files attached to the message being written in a `multimodal` chat: added with the Attach
 * button, or dropped or pasted into the box; shown as a list, each with a button that takes it off.
 */
export class Attachments {
  files: ChatFile[] = []
  /** Why the last files could not be attached. */
  error = ''

  constructor(private host: MultimodalHost) {}

  set(files: ChatFile[]): void {
    this.files = files
    this.error = ''
    this.host.requestUpdate()
  }

  async add(files: readonly File[]): Promise<void> {
    if (!this.host.multimodal || !files.length) return
    try {
      const read = await readFiles(files, this.files, this.host.maxFileBytes)
      this.set([...this.files, ...read])
    } catch (error) {
      this.error = (error as Error).message
      this.host.requestUpdate()
    }
  }

  onPaste = (event: ClipboardEvent): void => this.#take(event, event.clipboardData)

  onDrop = (event: DragEvent): void => this.#take(event, event.dataTransfer)

  onDragOver = (event: DragEvent): void => {
    if (this.host.multimodal && event.dataTransfer?.types.includes('Files')) event.preventDefault()
  }

  /** The Attach button and its (hidden) file input. */
  button(busy: boolean) {
    return html`<g-button size="sm" .interactive=${!busy} @click=${(event: Event) => ((event.currentTarget as Element).nextElementSibling as HTMLInputElement | null)?.click()}
        >Attach</g-button
      ><input type="file" multiple hidden @change=${this.#onPick} />`
  }

  /** The attached files and the last error. */
  render() {
    return html`${this.files.length
      ? html`<ul class="attached" part="attached" aria-label="Attached files">
          ${this.files.map(
            (file, index) => html`<li>
              <span class="file-name">${file.name}</span> <span class="file-size">${formatBytes(file.size)}</span>
              <button type="button" aria-label=${`Remove ${file.name}`} @click=${() => this.set(this.files.filter((_, i) => i !== index))}>✕</button>
            </li>`,
          )}
        </ul>`
      : nothing}${this.error ? html`<p class="file-error" role="alert">${this.error}</p>` : nothing}`
  }

  #take(event: Event, data: DataTransfer | null): void {
    const files = [...(data?.files ?? [])]
    if (!this.host.multimodal || !files.length) return
    // Text copied with a picture of itself (from a word processor) still pastes as text.
    if (event.type === 'drop' || !data!.types.includes('text/plain')) event.preventDefault()
    void this.add(files)
  }

  #onPick = (event: Event): void => {
    const input = event.target as HTMLInputElement
    void this.add([...(input.files ?? [])])
    input.value = ''
  }
}
