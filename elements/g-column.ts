import { LitElement, css, html } from 'lit'
import { customElement } from './internal/define.js'
import { componentStyles } from './internal/g-element.js'

/**
 * Lays its children out one above the other.
 *
 * @summary A column of elements.
 * @slot - The elements of the column.
 * @cssprop --g-gap - Space between children.
 */
@customElement('g-column')
export class GColumn extends LitElement {
  static override styles = [
    componentStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--g-gap, 1rem);
        min-width: 0;
      }
    `,
  ]

  protected override render() {
    return html`<slot></slot>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-column': GColumn
  }
}
