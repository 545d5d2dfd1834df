import { html, nothing, type PropertyValues } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { unsafeHTML } from 'lit/directives/unsafe-html.js'
import { GElement } from './internal/g-element.js'
import { RenderedHtml, htmlRenderer } from './internal/rendered-html.js'
import styles from './g-html.styles.js'

/**
 * HTML that a function made, sanitized (DOMPurify) before it reaches the page: no scripts,
 * event-handler attributes or `javascript:` URLs; links open in a new tab with
 * `rel="noopener noreferrer"`. The content lives in the element's shadow root, so its `<style>`
 * stays inside. The sanitizer is a chunk loaded from kit.js's own server the first time.
 *
 * @summary HTML, sanitized.
 * @fires change - A function changed the value (once per event).
 * @csspart label - The label, shown when there is one.
 * @csspart body - The HTML.
 */
@customElement('g-html')
export class GHtml extends GElement {
  static override styles = [...GElement.styles, styles]

  /** The HTML source. */
  @property() value = ''

  readonly #content = new RenderedHtml(this, htmlRenderer)

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.#content.set(typeof this.value === 'string' ? this.value : String(this.value ?? ''))
  }

  /** Resolves once the newest value is rendered, its chunks loaded. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete()
    while (this.#content.pending) {
      await this.#content.pending
      done = await super.getUpdateComplete()
    }
    return done
  }

  protected override render() {
    // Field layer (elements/internal/field*): its label + info + error template takes over this label when it lands.
    return html`${this.label ? html`<span part="label" class="label">${this.label}</span>` : nothing}
      <div part="body" >${unsafeHTML(this.#content.html ?? '')}</div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-html': GHtml
  }
}
