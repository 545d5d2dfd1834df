import { html, type TemplateResult } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import { fieldStyles } from './internal/field.styles.js'
import { json } from './internal/converters.js'
import styles from './g-json.styles.js'

/**
 * A value shown as a tree: objects and lists fold open and shut (native `<details>`), the rest
 * shows as JSON. The tree is a group named by the label.
 *
 * @summary A value shown as a tree.
 * @fires change - A function changed the value (once per event).
 * @csspart label - The label.
 * @csspart tree - The tree.
 * @cssprop --g-json-key - Colour of keys.
 * @cssprop --g-json-string - Colour of strings.
 * @cssprop --g-json-number - Colour of numbers, booleans and null.
 */
@customElement('g-json')
export class GJson extends GElement {
  static override jsonAttributes = ['value']
  static override styles = [...GElement.styles, fieldStyles, styles]

  /** The value shown (the attribute is JSON). */
  @property({ converter: json }) value: unknown = null

  protected override render() {
    return html`
      <span part="label" class="label" id="label" ?hidden=${!this.label}>${this.label}</span>
      <div part="tree" class="value" role="group" aria-labelledby="label">${node(this.value)}</div>
    `
  }
}

function node(value: unknown): TemplateResult {
  if (typeof value !== 'object' || value === null) {
    const kind = typeof value === 'string' ? 'string' : 'literal'
    return html`<span class=${kind}>${JSON.stringify(value) ?? String(value)}</span>`
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  if (!entries.length) return html`<span class="literal">${open}${close}</span>`
  const noun = Array.isArray(value) ? 'item' : 'key'
  // The closing bracket follows the details: after the list when open, right after the count when folded.
  return html`<details open>
      <summary>${open}<span class="count">${entries.length} ${entries.length === 1 ? noun : `${noun}s`}</span></summary>
      <ul>
        ${entries.map(([key, child]) => html`<li><span class="key">${key}:</span> ${node(child)}</li>`)}
      </ul></details
    ><span>${close}</span>`
}

declare global {
  interface HTMLElementTagNameMap {
    'g-json': GJson
  }
}
