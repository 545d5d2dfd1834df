import { html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GElement } from './internal/g-element.js'
import styles from './g-button.styles.js'

/**
 * A button; its text is its label, unless a function gives it one (`update({ label })`). Renders a native `<button>`, so it is reachable by keyboard
 * and found by its role and name. With `fn`, it runs that function on each click.
 *
 * @summary A button.
 * @fires click - The user pressed the button.
 * @slot - The button's label.
 * @csspart base - The native button.
 * @cssprop --g-accent - Background of a primary button.
 */
@customElement('g-button')
export class GButton extends GElement {
  static override styles = [...GElement.styles, styles]
  static override shorthandTrigger = 'click'
  static override shadowRootOptions = { ...GElement.shadowRootOptions, delegatesFocus: true }

  /** A value sent with the click (`ctx.event.value`), such as the row a button belongs to. */
  @property() value?: string
  /** The look: `primary`, `secondary` or `stop`. */
  @property({ reflect: true }) variant: 'primary' | 'secondary' | 'stop' = 'secondary'

  protected override render() {
    return html`<button part="base" type="button" ?disabled=${!this.interactive}>${this.label || html`<slot></slot>`}</button>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-button': GButton
  }
}
