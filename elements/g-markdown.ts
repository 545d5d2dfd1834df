import { html, nothing, type PropertyValues } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { unsafeHTML } from 'lit/directives/unsafe-html.js'
import { GElement } from './internal/g-element.js'
import { RenderedHtml, markdownRenderer } from './internal/rendered-html.js'
import styles from './g-markdown.styles.js'

/**
 * Markdown (GitHub flavour) rendered as HTML and sanitized (DOMPurify): no scripts, event-handler
 * attributes or `javascript:` URLs reach the page. Code blocks are highlighted; links open in a new
 * tab with `rel="noopener noreferrer"`. The parser, sanitizer and highlighter are chunks loaded
 * from kit.js's own server the first time a Markdown element has something to show.
 *
 * @summary Rendered Markdown, sanitized.
 * @fires change - A function changed the value (once per event).
 * @csspart label - The label, shown when there is one.
 * @csspart body - The rendered Markdown.
 * @cssprop --g-link - Colour of links.
 * @cssprop --g-code-bg - Background of code.
 * @cssprop --g-code-keyword - Colour of keywords in code blocks (also: --g-code-string, --g-code-number, --g-code-title, --g-code-comment).
 */
@customElement('g-markdown')
export class GMarkdown extends GElement {
  static override styles = [...GElement.styles, styles]

  /** The Markdown source. */
  @property() value = ''

  readonly #content = new RenderedHtml(this, markdownRenderer(() => this.shadowRoot))

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
      <div part="body" class="prose">${unsafeHTML(this.#content.html ?? '')}</div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-markdown': GMarkdown
  }
}
