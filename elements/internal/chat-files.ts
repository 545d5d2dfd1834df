import { html, nothing } from 'lit'
import type { ChatFile, MultimodalMessage } from '../../server/protocol.js'
import { imageUrl } from './urls.js'

export type { ChatFile, MultimodalMessage }

export function isMultimodalMessage(value: unknown): value is MultimodalMessage {
  const message = value as MultimodalMessage | null
  return typeof message === 'object' && message !== null && typeof message.text === 'string' && Array.isArray(message.files)
}

/** `bytes` for people: 512 B, 12.3 KB, 4.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A sent multimodal message in the chat: its text (Markdown), its images, and the names and sizes of its other files. */
export function sentFiles(message: MultimodalMessage) {
  return html`${message.text ? html`<g-markdown .value=${message.text}></g-markdown>` : nothing}
    <ul class="files" aria-label="Files">
      ${message.files.map((file) => {
        const image = file.type.startsWith('image/') ? imageUrl(file.url) : undefined
        return html`<li>${image ? html`<img class="image" src=${image} alt=${file.name} />` : nothing}<span class="file">${file.name} (${formatBytes(file.size)})</span></li>`
      })}
    </ul>`
}
