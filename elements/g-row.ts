import { LitElement, css, html } from 'lit'
import { customElement } from './internal/define.js'
import { componentStyles } from './internal/g-element.js'

/**
 * Lays its children out side by side, wrapping when there is no room.
 *
 * @summary A row of elements.
 * @slot - The elements of the row.
 * @cssprop --g-gap - Space between children.
 */
@customElement('g-row')
export class GRow extends LitElement {
  static override styles = [
    componentStyles,
    css`
      /* Fields line up by their labels at the top; a button lines up with the controls, at the bottom. */
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: var(--g-gap, 1rem);
      }
      ::slotted(*) {
        flex: 1 1 12rem;
      }
      ::slotted(g-button) {
        align-self: end;
      }
    `,
  ]

  protected override render() {
    return html`<slot></slot>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-row': GRow
  }
}
