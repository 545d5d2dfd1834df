import { html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { GField } from './internal/field.js'
import styles from './g-button.styles.js'

/**
 * A button; its text is its label, unless a function gives it one (`update({ label })`). Renders
 * a native `<button>`, so it is reachable by keyboard and found by its role and name. With `fn`,
 * it runs that function on each click. It submits nothing in a `<form>`, and a disabled
 * `<fieldset>` around it turns it off. Its help text (`info`) and error show under it.
 *
 * @summary A button.
 * @fires click - The user pressed the button.
 * @slot - The button's label.
 * @csspart base - The native button.
 */
@customElement('g-button')
export class GButton extends GField<string | undefined> {
  static override styles = [...GField.styles, styles]
  static override shorthandTrigger = 'click'

  /** A value sent with the click (`ctx.event.value`), such as the row a button belongs to. */
  @property({ attribute: 'value' }) override defaultValue: string | undefined = undefined
  /** The look: `primary`, `secondary` or `stop`. */
  @property({ reflect: true }) variant: 'primary' | 'secondary' | 'stop' = 'secondary'
  /** The size: `sm`, `md` or `lg`. */
  @property({ reflect: true }) size: 'sm' | 'md' | 'lg' = 'md'

  protected override formValue(): null {
    return null
  }

  protected override render() {
    return html`<button part="base" type="button" ?disabled=${this.off} aria-describedby=${this.describedBy}>
        ${this.label || html`<slot></slot>`}
      </button>
      ${this.renderHelp(false)}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-button': GButton
  }
}
