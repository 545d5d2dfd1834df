import { customElement } from './internal/define.js'
import { GRendered } from './internal/g-rendered.js'
import { appendToMarkdown, markdownRenderer, type HtmlRenderer } from './internal/rendered-html.js'

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
export class GMarkdown extends GRendered {
  protected override bodyClass = 'prose'

  protected renderer(): HtmlRenderer {
    return markdownRenderer(() => this.shadowRoot)
  }

  /** A streamed reply that grew by plain words: they are added to the rendered text, not parsed and sanitized again. */
  protected override appendInPlace(body: Element, shown: string, next: string): boolean {
    return appendToMarkdown(body, shown, next)
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-markdown': GMarkdown
  }
}
