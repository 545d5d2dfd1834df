import { html, nothing } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { imageUrl } from './internal/urls.js'
import styles from './g-image.styles.js'

/**
 * An image from a URL (http, https, blob, or relative to the page) or a `data:image/…` URL, with
 * its label above it and as its alt text. Any other scheme, `javascript:` among them, is refused:
 * the element shows its empty frame instead.
 *
 * @summary An image, with alt text from its label.
 * @fires change - A function changed the value (once per event).
 * @csspart label - The label, shown above the image.
 * @csspart frame - The box around the image.
 * @csspart image - The native `<img>`.
 * @csspart empty - What the frame shows when there is no image.
 * @cssprop --g-image-height - Height of the frame (default: the image's own, up to 32rem).
 */
@customElement('g-image')
export class GImage extends GElement {
  static override styles = [...GElement.styles, styles]

  /** The image: a URL or a data URL; an object with a `url` is read for its `url`. */
  @property() value: unknown = null

  protected override render() {
    // Field layer (elements/internal/field*): its label + info + error template takes over this label when it lands.
    const src = imageUrl(this.value)
    return html`${this.label ? html`<span part="label" class="label">${this.label}</span>` : nothing}
      <div part="frame" class="frame">
        ${src
          ? html`<img part="image" src=${src} alt=${this.label} decoding="async" />`
          : html`<div part="empty" class="empty">
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5h16v14H4z M4 15l4.5-4.5 4 4 2.5-2.5 5 5 M15.5 9.5a1.5 1.5 0 1 0 0-.01" /></svg>
              <span class="visually-hidden">${this.label ? `${this.label}: ` : ''}no image</span>
            </div>`}
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-image': GImage
  }
}
