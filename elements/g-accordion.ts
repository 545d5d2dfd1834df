import { html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import styles from './g-accordion.styles.js'

/**
 * A section that opens and closes: a native button named by the `label` (so Enter and Space work
 * on it) shows or hides the content, a region named by the same label.
 *
 * @summary A section that opens and closes.
 * @fires toggle - The user opened or closed it (not a trigger).
 * @slot - The content.
 * @csspart header - The button that opens and closes it.
 * @csspart label - The label in the button.
 * @csspart icon - The chevron.
 * @csspart content - The content's box.
 */
@customElement('g-accordion')
export class GAccordion extends GElement {
  static override role = 'layout' as const
  static override styles = [...GElement.styles, styles]
  static override shadowRootOptions = { ...GElement.shadowRootOptions, delegatesFocus: true }

  /** Whether the content shows. */
  @property({ type: Boolean, reflect: true }) open = false

  protected override render() {
    return html`
      <button part="header" id="header" type="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="content" @click=${this._toggle}>
        <span part="label">${this.label}</span>
        <svg part="icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 6l4 4 4-4" /></svg>
      </button>
      <div part="content" id="content" role="region" aria-labelledby="header" ?hidden=${!this.open}><slot></slot></div>
    `
  }

  private async _toggle(): Promise<void> {
    this.open = !this.open
    await this.updateComplete
    this.dispatchEvent(new Event('toggle', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-accordion': GAccordion
  }
}
