import { html } from 'lit'
import { property } from 'lit/decorators.js'
import { customElement } from './internal/define.js'
import { live } from 'lit/directives/live.js'
import { GField } from './internal/field.js'
import { fieldStyles } from './internal/field.styles.js'
import { choiceStyles } from './internal/field-choices.styles.js'
import styles from './g-checkbox.styles.js'

/** `value` reads as true when present, unless it is `false`. */
const toBoolean = { fromAttribute: (raw: string | null) => raw !== null && raw !== 'false', toAttribute: (value: boolean) => String(value) }

/**
 * A boolean: a native checkbox labelled by its label, which sits beside it. Space toggles it.
 * In a `<form>`, a named, checked checkbox submits `on`.
 *
 * @summary A checkbox.
 * @fires change - The user checked or unchecked it (also when a function set a new value).
 * @csspart label - The label, with the checkbox in it.
 * @csspart control - The native checkbox.
 */
@customElement('g-checkbox')
export class GCheckbox extends GField<boolean> {
  static override styles = [...GField.styles, fieldStyles, choiceStyles, styles]

  /** Whether it starts checked (`value`, `value="true"`; `value="false"` or none: unchecked). `value` is the live state. */
  @property({ attribute: 'value', converter: toBoolean }) override defaultValue = false

  protected override formValue(): string | null {
    return this.value === true ? 'on' : null
  }

  protected override render() {
    return html`<div part="base" class="field">
      <label part="label" class="check" for="control">
        <input part="control" id="control" type="checkbox" .checked=${live(this.value === true)} ?disabled=${this.off}
          aria-label=${this.fallbackName} aria-describedby=${this.describedBy} aria-invalid=${this.invalid} @change=${this._onChange} />
        <span ?hidden=${!this.hasLabel}>${this.labelContent()}</span>
      </label>
      ${this.renderHelp()}
    </div>`
  }

  private _onChange(event: Event): void {
    event.stopPropagation()
    this.value = (event.target as HTMLInputElement).checked
    this.emit('change')
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'g-checkbox': GCheckbox
  }
}
