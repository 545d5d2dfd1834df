import { customElement } from './internal/define.js'
import { GRendered } from './internal/g-rendered.js'
import { htmlRenderer, type HtmlRenderer } from './internal/rendered-html.js'

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
export class GHtml extends GRendered {
  protected renderer(): HtmlRenderer {
    return htmlRenderer
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-html': GHtml
  }
}
